package emulator

import (
	"sort"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// stateVersion is bumped when the state file layout changes.
const stateVersion = 1

// saveInterval is the least time between two background saves.
const saveInterval = 200 * time.Millisecond

// stateBody is the on-disk form of the emulator (after the kit's "version"
// member): the company with its tables and number series, and the OAuth
// store, so that a restarted emulator accepts the refresh token a
// connector kept.
type stateBody struct {
	Company companySettings      `json:"company"`
	Seq     map[string]int64     `json:"seq"`
	Tables  map[string][]*record `json:"tables"`
	OAuth   *emukit.OAuthState   `json:"oauth"`
}

// SaveState writes the state file now (a no-op without Options.StatePath).
func (e *Emulator) SaveState() error {
	if e.opts.StatePath == "" {
		return nil
	}
	return e.saveState()
}

func (e *Emulator) saveState() error {
	e.mu.Lock()
	st := stateBody{Company: e.co.settings, Seq: e.co.seq, Tables: map[string][]*record{}}
	for name, t := range e.co.tables {
		if len(t.ids) > 0 {
			st.Tables[name] = t.records()
		}
	}
	oauth := e.oauth.State()
	st.OAuth = &oauth
	data, err := e.state.Marshal(st)
	e.mu.Unlock()
	if err != nil {
		return err
	}
	return e.state.Write(data)
}

// loadState reads the state file; false when there is none yet.
func (e *Emulator) loadState() (bool, error) {
	var st stateBody
	if ok, err := e.state.Load(&st); !ok || err != nil {
		return false, err
	}
	co := newCompany(st.Company)
	if st.Seq != nil {
		co.seq = st.Seq
	}
	for name, recs := range st.Tables {
		def := defByTable(name)
		if def == nil {
			continue // a table of a newer emulator; nothing reads it here
		}
		// Replaying in insertion order keeps the default list order.
		sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
		t := co.table(name)
		for _, r := range recs {
			id := str(r.F["Id"])
			t.put(id, r.F, r.Seq)
			co.index(def, id, r.F)
		}
	}
	e.co = co
	if st.OAuth != nil {
		e.oauth.SetState(*st.OAuth)
	}
	return true, nil
}
