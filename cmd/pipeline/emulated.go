package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine"
)

// emulated points the connections of a plan at in-process emulators, for
// `pipeline run -emulate`: a pipeline written for the real systems runs
// offline, unchanged. There is one emulator per system, shared by the
// source and the target when both use it. The pipelines of one folder
// share one emulated system too: its data is kept in
// .pipeline/emulated/<folder>-<system>.json under the working directory
// (so repeated runs, and the folder's other pipelines, see what earlier
// ones wrote), seeded on first use from emulator-seed.<system>.json beside
// the pipeline, else emulator-seed.json, else the emulator's built-in demo
// data. OAuth connections get tokens in a throwaway credentials file and
// token-based ones the emulator's private-app token: no consent, no
// secret. When the run ends, close prints each emulator's request count.
type emulated struct {
	stops   []func()
	urls    []string
	servers []namedServer
	// report receives the request counts; nil prints none.
	report io.Writer
}

// namedServer is a started emulator with the OAuth client it accepts
// ("" for token-based emulations).
type namedServer struct {
	system           string
	srv              emulatorServer
	clientID, secret string
}

func (e *emulated) close() {
	if e.report != nil {
		for _, s := range e.servers {
			n := 0
			for _, c := range s.srv.Counts() {
				n += c
			}
			plural := "s"
			if n == 1 {
				plural = ""
			}
			fmt.Fprintf(e.report, "emulated %s: %d call%s\n", s.system, n, plural)
		}
	}
	e.stop()
}

// stop ends the emulators without a report (a start that failed).
func (e *emulated) stop() {
	for i := len(e.stops) - 1; i >= 0; i-- {
		e.stops[i]()
	}
}

// emulation is what -emulate needs to know of one connector: how to start
// its emulator and how to point a config at it. A start that returns no
// client id needs no OAuth tokens: point gives the config a token itself.
type emulation struct {
	start func(seed io.Reader, data string) (srv emulatorServer, clientID, secret string, err error)
	point func(cfg any, url, clientID, creds string) (connection string)
}

type emulatorServer interface {
	running
	IssueToken(clientID string) (access, refresh string, expiresIn int, err error)
	// Counts are the emulator's request counters by route.
	Counts() map[string]int
}

func startEmulated(plan *engine.Plan, pipelineFile string) (*emulated, error) {
	e := &emulated{report: os.Stderr}
	dir, err := os.MkdirTemp("", "pipeline-emulate-")
	if err != nil {
		return nil, err
	}
	e.stops = append(e.stops, func() { os.RemoveAll(dir) })
	folder := pipelineFolder(pipelineFile)
	started := map[string]*namedServer{}
	for _, end := range []string{"source", "target"} {
		spec, cfg := plan.Endpoint(end)
		em, ok := emulations[spec.Name]
		if !ok {
			continue
		}
		ns := started[spec.Name]
		if ns == nil {
			ns, err = e.start(em, spec.Name, folder, filepath.Dir(pipelineFile))
			if err != nil {
				e.stop()
				return nil, fmt.Errorf("starting the %s emulator: %w", spec.Name, err)
			}
			started[spec.Name] = ns
			e.servers = append(e.servers, *ns)
			e.urls = append(e.urls, spec.Name+" "+ns.srv.URL())
		}
		if err := e.connect(em, ns, cfg, filepath.Join(dir, end+"-credentials.json")); err != nil {
			e.stop()
			return nil, fmt.Errorf("connecting to the %s emulator: %w", spec.Name, err)
		}
	}
	return e, nil
}

// pipelineFolder is the name of the folder holding the pipeline file,
// which names the emulated systems its pipelines share.
func pipelineFolder(pipelineFile string) string {
	abs, err := filepath.Abs(pipelineFile)
	if err != nil {
		abs = pipelineFile
	}
	return filepath.Base(filepath.Dir(abs))
}

// seedFile is the seed of system beside the pipeline: its own
// emulator-seed.<system>.json, else the folder's emulator-seed.json; ""
// when neither exists.
func seedFile(pipelineDir, system string) string {
	for _, name := range []string{"emulator-seed." + system + ".json", "emulator-seed.json"} {
		p := filepath.Join(pipelineDir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// start runs system's emulator on the folder's data file.
func (e *emulated) start(em emulation, system, folder, pipelineDir string) (*namedServer, error) {
	data := filepath.Join(".pipeline", "emulated", folder+"-"+system+".json")
	if err := os.MkdirAll(filepath.Dir(data), 0o700); err != nil {
		return nil, err
	}
	var seed io.Reader
	if p := seedFile(pipelineDir, system); p != "" {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		seed = f
	}
	srv, clientID, secret, err := em.start(seed, data)
	if err != nil {
		return nil, err
	}
	e.stops = append(e.stops, func() { srv.Close() })
	return &namedServer{system: system, srv: srv, clientID: clientID, secret: secret}, nil
}

// connect points one endpoint's config at srv, with tokens when the
// emulation uses OAuth.
func (e *emulated) connect(em emulation, ns *namedServer, cfg any, creds string) error {
	conn := em.point(cfg, ns.srv.URL(), ns.clientID, creds)
	if ns.clientID == "" {
		return nil
	}
	access, refresh, expiresIn, err := ns.srv.IssueToken(ns.clientID)
	if err != nil {
		return err
	}
	return saveTokens(creds, conn, access, refresh, expiresIn, ns.secret)
}

func saveTokens(path, conn, access, refresh string, expiresIn int, secret string) error {
	store, err := httpx.NewFileStore(path)
	if err != nil {
		return err
	}
	tok := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Duration(expiresIn) * time.Second)}
	if err := store.Save(conn, tok); err != nil {
		return err
	}
	return store.SetSecret(conn, "client_secret", secret)
}

// emulateFor starts the emulators of a plan for a command's -emulate
// (run, plan, apply, retry): it names each on stderr and, when the command
// ends, stop prints their request counts; quiet (-quiet, -json) prints
// neither. ok is false, with the error printed, when one does not start.
func emulateFor(env *cliEnv, verb string, plan *engine.Plan, path string, quiet bool) (stop func(), ok bool) {
	emu, err := startEmulated(plan, path)
	if err != nil {
		fmt.Fprintf(env.stderr, "pipeline %s: %v\n", verb, err)
		return nil, false
	}
	emu.report = env.stderr
	if quiet {
		emu.report = nil
		return emu.close, true
	}
	for _, u := range emu.urls {
		fmt.Fprintf(env.stderr, "emulating %s\n", u)
	}
	return emu.close, true
}

// folderTurns makes the emulated runs of one folder take turns under
// pipeline serve -emulate. The pipelines of a folder share their systems'
// data files, which an emulator loads when it starts and saves as it
// goes: two of its runs at once would each start from the same file and
// the last to save would drop what the other wrote.
type folderTurns struct {
	mu      sync.Mutex
	folders map[string]*sync.Mutex
}

// take waits for the folder's turn; the returned func ends it.
func (t *folderTurns) take(folder string) (done func()) {
	t.mu.Lock()
	if t.folders == nil {
		t.folders = map[string]*sync.Mutex{}
	}
	m := t.folders[folder]
	if m == nil {
		m = &sync.Mutex{}
		t.folders[folder] = m
	}
	t.mu.Unlock()
	m.Lock()
	return m.Unlock
}
