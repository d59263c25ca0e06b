// Package ordergen generates realistic webshop orders (the webshop/order
// schema) for benchmarks, sample data and tests: deterministic for a seed,
// about 1 KB each, with 1 to 8 lines, companies and private customers,
// foreign addresses, shipping costs and discounts.
package ordergen
