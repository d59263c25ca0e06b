// Command gen writes generated webshop orders as NDJSON, for sample data
// and for measuring memory on large inputs:
//
//	go run ./internal/ordergen/gen -n 1000000 > /tmp/orders.ndjson
//	go run ./internal/ordergen/gen -items > items.csv
package main
