// Package wire sends quotes on a channel.
package wire

// Quote is a price.
type Quote struct {
	Symbol string
	Price  float64
}

// Send sends one quote on ch.
func Send(ch chan<- Quote, q Quote) { ch <- q }
