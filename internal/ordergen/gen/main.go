package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/pipeline-dev/pipeline/internal/ordergen"
)

func main() {
	n := flag.Int("n", 50, "number of orders")
	seed := flag.Uint64("seed", 1, "random seed")
	items := flag.Bool("items", false, "write the sku,item lookup CSV instead of orders")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	if *items {
		fmt.Fprintln(w, "sku,item")
		for _, s := range ordergen.SKUs {
			fmt.Fprintf(w, "%s,%s\n", s, ordergen.ItemID(s))
		}
		return
	}
	for i := 0; i < *n; i++ {
		w.Write(ordergen.Order(*seed, i))
		w.WriteByte('\n')
	}
}
