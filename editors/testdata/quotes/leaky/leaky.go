// Package leaky strands a goroutine: the one Price starts to run
// feed.Fetch blocks forever when Price returns early. leakvet sees the
// send through the facts of feed and wire, two packages away.
package leaky

import (
	"errors"

	"example.com/quotes/feed"
	"example.com/quotes/wire"
)

// Price returns the price of symbol.
func Price(symbol string) (float64, error) {
	ch := make(chan wire.Quote)
	go feed.Fetch(ch, symbol)
	if symbol == "" {
		return 0, errors.New("no symbol")
	}
	q := <-ch
	return q.Price, nil
}
