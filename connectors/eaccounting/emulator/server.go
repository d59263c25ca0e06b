package emulator

import "github.com/pipeline-dev/pipeline/connectors/emukit"

// Server serves an Emulator on a TCP listener, for end-to-end tests and
// `pipeline emulate`.
type Server struct {
	*Emulator
	srv emukit.Server
}

// NewServer builds the emulator; Start begins serving.
func NewServer(opts Options) (*Server, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{Emulator: e}
	s.srv = emukit.Server{Handler: e, Release: e.front.Faults.Release, Name: "eaccounting emulator"}
	return s, nil
}

// Start listens on addr ("" means 127.0.0.1 on a free port) and serves in
// the background.
func (s *Server) Start(addr string) error { return s.srv.Start(addr) }

// URL is the base URL clients use in place of both
// https://identity.vismaonline.com (for /connect/authorize and
// /connect/token) and https://eaccountingapi.vismaonline.com (for /v2/…).
func (s *Server) URL() string { return s.srv.URL() }

// Close stops serving (requests held by timeout faults are released) and
// closes the emulator, saving its state file.
func (s *Server) Close() error {
	err := s.srv.Close()
	if cerr := s.Emulator.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}
