package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Listen says where the server listens.
type Listen struct {
	Addr string
	// CertFile and KeyFile switch TLS on (both or neither).
	CertFile, KeyFile string
	// OnListen, when set, is told the server's URL once it listens (tests
	// listen on port 0).
	OnListen func(url string)
}

// Serve listens, starts the schedules and serves until ctx ends (SIGTERM,
// SIGINT); then it shuts down gracefully: no new runs, running ones get
// ShutdownGrace to finish before they are stopped between records, and
// open requests get a few seconds.
func (s *Server) Serve(ctx context.Context, l Listen) error {
	if (l.CertFile == "") != (l.KeyFile == "") {
		return errors.New("TLS needs both -tls-cert and -tls-key")
	}
	var tlsCfg *tls.Config
	if l.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(l.CertFile, l.KeyFile)
		if err != nil {
			return fmt.Errorf("loading the TLS certificate: %w", err)
		}
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	ln, err := net.Listen("tcp", l.Addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsCfg != nil {
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	// Slow or stalled clients cannot hold connections: headers within 10 s,
	// the whole request (bodies are at most 1 MiB) within a minute. There
	// is no write timeout, because a retry answers when it is done.
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10, ErrorLog: log.New(slogWriter{s.log}, "", 0)}
	if err := s.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	s.log.Info("pipeline serve listening", "url", scheme+"://"+ln.Addr().String(), "pipelines", len(s.cat.List()), "dir", s.cfg.Dir)
	if l.OnListen != nil {
		l.OnListen(scheme + "://" + ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: schedules stopped, waiting for running runs", "grace", s.cfg.ShutdownGrace)
	grace, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	s.Shutdown(grace)
	cancel()
	hctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(hctx)
	s.log.Info("stopped")
	return nil
}

// slogWriter sends net/http's own messages (TLS handshake errors) to the
// server's log.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Warn(string(trimNL(p)))
	return len(p), nil
}

func trimNL(p []byte) []byte {
	for len(p) > 0 && p[len(p)-1] == '\n' {
		p = p[:len(p)-1]
	}
	return p
}
