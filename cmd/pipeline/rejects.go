package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
)

// rejectFile writes set-aside records as NDJSON, creating the file only when
// the first record is set aside, and echoes the first few to the terminal.
type rejectFile struct {
	path  string
	echo  io.Writer
	quiet bool
	f     *os.File
	w     *bufio.Writer
	n     int
}

const echoRejects = 10

func (r *rejectFile) Reject(_ context.Context, rj engine.Reject) error {
	if r.f == nil {
		f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		r.f, r.w = f, bufio.NewWriter(f)
	}
	b, err := json.Marshal(rj)
	if err != nil {
		return err
	}
	r.w.Write(b)
	if err := r.w.WriteByte('\n'); err != nil {
		return err
	}
	r.n++
	if !r.quiet && r.n <= echoRejects {
		fmt.Fprintf(r.echo, "rejected %s\n", rj.String())
	} else if !r.quiet && r.n == echoRejects+1 {
		fmt.Fprintf(r.echo, "... more rejects in %s\n", r.path)
	}
	return nil
}

// Close flushes the file; it may be called more than once.
func (r *rejectFile) Close() error {
	if r.f == nil {
		return nil
	}
	err := r.w.Flush()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	r.f = nil
	return err
}

func (r *rejectFile) written() string {
	if r.n == 0 {
		return ""
	}
	return r.path
}

// progress redraws one status line on a terminal.
type progress struct {
	w     io.Writer
	start time.Time
	drawn bool
}

func (p *progress) update(s engine.Stats) {
	rate := float64(s.Read) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\033[K%d read · %d written · %d filtered out · %d rejected · %.0f records/s", s.Read, s.Written, s.Filtered, s.Rejected, rate)
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
