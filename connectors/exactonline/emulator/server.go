package emulator

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"time"
)

// Server serves an Emulator on a TCP listener, for end-to-end tests and
// `pipeline emulate`.
type Server struct {
	*Emulator
	srv *http.Server
	ln  net.Listener
}

// NewServer builds the emulator; Start begins serving.
func NewServer(opts Options) (*Server, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	return &Server{Emulator: e}, nil
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
	s.srv = &http.Server{Handler: s.Emulator, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("exactonline emulator: %v", err)
		}
	}()
	return nil
}

// URL is the base URL clients use in place of https://start.exactonline.nl.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops serving (requests held by timeout faults are released) and
// closes the emulator, saving its state file.
func (s *Server) Close() error {
	var err error
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Release handlers parked by faults so that Shutdown need not wait
		// for them, let the others finish, then save the final state.
		s.Emulator.releaseParked()
		err = s.srv.Shutdown(ctx)
		if cerr := s.Emulator.Close(); cerr != nil && err == nil {
			err = cerr
		}
		return err
	}
	return s.Emulator.Close()
}
