package emukit

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Boot is how a new emulator fills its data: from its state file when
// StatePath names one that exists, else from Seed or, when Seed is nil,
// from the built-in seed; with a StatePath, a Saver then keeps the file up
// to date. Every emulator starts this way.
type Boot struct {
	StatePath   string
	LoadState   func() (bool, error)
	Seed        io.Reader
	BuiltinSeed func() io.Reader
	LoadSeed    func(io.Reader) error
	SaveState   func() error
	SaveEvery   time.Duration
}

// Start loads the data and returns the Saver, nil without a StatePath. A
// seed error says "seed:"; a state file error is LoadState's own.
func (b Boot) Start() (*Saver, error) {
	loaded := false
	if b.StatePath != "" {
		ok, err := b.LoadState()
		if err != nil {
			return nil, err
		}
		loaded = ok
	}
	if !loaded {
		seed := b.Seed
		if seed == nil {
			seed = b.BuiltinSeed()
		}
		if err := b.LoadSeed(seed); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	if b.StatePath == "" {
		return nil, nil
	}
	return NewSaver(b.SaveState, b.SaveEvery), nil
}

// Closing makes an emulator's Close run once: release lets go of what the
// emulator holds (requests parked by timeout faults, webhook deliveries),
// then the state file is saved. Later calls do nothing and return nil.
type Closing struct{ once sync.Once }

// Close runs release and closes s (nil without a state file) the first
// time it is called, returning the save's error.
func (c *Closing) Close(release func(), s *Saver) error {
	var err error
	c.once.Do(func() {
		release()
		if s != nil {
			err = s.Close()
		}
	})
	return err
}
