package emukit

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long Close waits for requests in flight.
const shutdownGrace = 5 * time.Second

// Server serves an emulator's handler on a TCP listener, for end-to-end
// tests and `pipeline emulate`. Set the fields, then Start.
type Server struct {
	// Handler is the emulator.
	Handler http.Handler
	// Release, when set, runs first on Close: it ends requests parked by
	// faults (Faults.Release) so that the graceful shutdown need not wait
	// for them.
	Release func()
	// Name prefixes the log line of a listener that fails while serving.
	Name string

	srv *http.Server
	ln  net.Listener
}

// Start listens on addr ("" means 127.0.0.1 on a free port) and serves in
// the background.
func (s *Server) Start(addr string) error {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.Handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("%s: %v", s.Name, err)
		}
	}()
	return nil
}

// Started reports whether Start succeeded.
func (s *Server) Started() bool { return s.srv != nil }

// URL is the base URL of the listener ("http://127.0.0.1:port"); "" before
// Start.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close releases parked requests, stops accepting connections and waits
// up to five seconds for the requests in flight. It does not close the
// emulator behind Handler; the caller does that next, so that the state
// it saves includes the last requests.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	if s.Release != nil {
		s.Release()
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
