description = "An order Exact already has (found by YourRef) is skipped; the others are created."
