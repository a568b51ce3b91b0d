// Package feed fetches quotes.
package feed

import "example.com/quotes/wire"

// Fetch fetches a quote for symbol and sends it on ch (through wire.Send,
// in another package).
func Fetch(ch chan<- wire.Quote, symbol string) {
	wire.Send(ch, wire.Quote{Symbol: symbol, Price: 1})
}
