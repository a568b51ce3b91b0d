// Package silenced holds leakvet's directives: one that silences the leak
// of leaky (with a reason), and one that silences nothing, which
// lintignore reports.
package silenced

import (
	"errors"

	"example.com/quotes/feed"
	"example.com/quotes/wire"
)

// Price returns the price of symbol.
func Price(symbol string) (float64, error) {
	ch := make(chan wire.Quote)
	//lint:ignore leakvet.stranded callers check the symbol first
	go feed.Fetch(ch, symbol)
	if symbol == "" {
		return 0, errors.New("no symbol")
	}
	q := <-ch
	return q.Price, nil
}

// Last returns the last price of symbol.
func Last(symbol string) float64 {
	ch := make(chan wire.Quote, 1)
	//lint:ignore leakvet.stranded the buffer of one covers the send
	go feed.Fetch(ch, symbol)
	return (<-ch).Price
}
