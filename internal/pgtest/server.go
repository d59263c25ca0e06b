package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// server is one running postgres, in a directory of its own.
type server struct {
	dir     string // data, socket and log; removed on stop
	cmd     *exec.Cmd
	done    chan struct{} // closed when postgres exits
	port    int
	schemas int // schemas handed out so far
	admin   string
}

const startTimeout = 60 * time.Second

// startServer runs initdb and postgres, and waits until postgres answers.
func startServer() (*server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tempParent(cred), "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			s.remove()
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	// Trust on loopback and the private socket: the server lives as long
	// as the test binary and holds nothing but test data. --no-sync: a
	// throwaway cluster need not survive a power cut.
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir, initdb.Env = dir, serverEnv(dir)
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb (as uid %d): %v\n%s", uid(cred), err, tail(out))
	}
	// The free port is found by listening and closing, so another process
	// may take it first: try a few.
	for try := 0; ; try++ {
		err = s.run(bin, data, cred)
		if err == nil || try == 3 {
			break
		}
	}
	if err != nil {
		s.remove()
		return nil, err
	}
	return s, nil
}

// run starts postgres on a free port and waits for it to answer.
func (s *server) run(bin, data string, cred *syscall.Credential) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	logPath := filepath.Join(s.dir, "postgres.log")
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	// fsync and full-page writes off: speed over durability, for tests.
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(s.port),
		"-k", s.dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
	s.cmd.Dir, s.cmd.Env, s.cmd.Stdout, s.cmd.Stderr = s.dir, serverEnv(s.dir), log, log
	// Pdeathsig: if the test binary dies without cleaning up (a panic, a
	// timeout, a kill), postgres shuts down at once instead of lingering.
	// Setpgid: a terminal's Ctrl-C reaches the test binary, which then
	// stops postgres in order, rather than both at once.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); close(s.done) }()

	s.admin = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.admin)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-s.done:
			out, _ := os.ReadFile(logPath)
			return fmt.Errorf("postgres exited before accepting connections: %v\n%s", s.cmd.ProcessState, tail(out))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.cmd.Process.Kill()
			<-s.done
			out, _ := os.ReadFile(logPath)
			return fmt.Errorf("postgres not accepting connections after %v: %v\n%s", startTimeout, err, tail(out))
		}
	}
}

// newSchema makes a new, empty schema and returns a URL whose connections
// use it (search_path). A schema rather than a database: CREATE DATABASE
// copies a template and takes a checkpoint, a fraction of a second each
// time, where CREATE SCHEMA is instant.
func (s *server) newSchema() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	s.schemas++
	name := fmt.Sprintf("test_%d", s.schemas)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", fmt.Errorf("create schema %s: %w", name, err)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&search_path=%s", s.port, name), nil
}

// stop shuts postgres down (fast shutdown: clients are disconnected) and
// removes its directory.
func (s *server) stop() error {
	var err error
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
			err = errors.New("postgres did not shut down within 30s; killed")
		}
	}
	s.remove()
	return err
}

func (s *server) remove() { os.RemoveAll(s.dir) }

func uid(c *syscall.Credential) int {
	if c == nil {
		return os.Geteuid()
	}
	return int(c.Uid)
}

// tail is the end of a program's output, enough to show why it failed.
func tail(out []byte) []byte {
	const max = 4000
	out = bytes.TrimSpace(out)
	if len(out) > max {
		out = append([]byte("..."), out[len(out)-max:]...)
	}
	return out
}
