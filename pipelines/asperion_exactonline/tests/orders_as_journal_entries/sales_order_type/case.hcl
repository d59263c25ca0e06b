description = "order_type = sales_order (the default): this file sends nothing."
