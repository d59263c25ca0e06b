description = "A stock_calculation the flow does not know sets the articles aside, naming the value."

vars = {
  stock_calculation = "free"
}
