// Package migrations reads the numbered SQL migrations that the state
// stores (sqlitestore, pgstore) embed, and checks that their versions run
// 1, 2, 3, … without gaps. Applying them is each store's own business: the
// databases differ in how DDL, transactions and locks behave.
package migrations
