package emulator

import (
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// stateVersion is bumped when the state file layout changes.
const stateVersion = 1

// saveInterval is the least time between two background saves.
const saveInterval = 200 * time.Millisecond

// stateBody is the on-disk form of the emulator (after the kit's "version"
// member): the administrations with their records in logical names (so a
// corrected Wire name does not invalidate a state file), number sequences,
// the id sequences and the OAuth store, so that a restarted emulator
// accepts the refresh token a connector kept.
type stateBody struct {
	Administrations []stateAdmin       `json:"administrations"`
	IDs             map[string]int64   `json:"ids"`
	OAuth           *emukit.OAuthState `json:"oauth"`
}

type stateAdmin struct {
	Info   record              `json:"info"`
	Seq    map[string]int64    `json:"seq"`
	Tables map[string][]record `json:"tables"`
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
	st := stateBody{IDs: e.data.ids}
	for _, id := range e.data.order {
		a := e.data.admins[id]
		sa := stateAdmin{Info: a.Info, Seq: a.seq, Tables: map[string][]record{}}
		for name, t := range a.tables {
			for _, rid := range t.ids() {
				sa.Tables[name] = append(sa.Tables[name], t.rows[rid])
			}
		}
		st.Administrations = append(st.Administrations, sa)
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
	d := newData()
	if st.IDs != nil {
		d.ids = st.IDs
	}
	for _, sa := range st.Administrations {
		id, _ := intOf(sa.Info["id"])
		a := newAdministration(id, sa.Info)
		if sa.Seq != nil {
			a.seq = sa.Seq
		}
		for name, recs := range sa.Tables {
			t := a.table(name)
			for _, r := range recs {
				rid, _ := intOf(r["id"])
				t.rows[rid] = r
			}
		}
		d.admins[id] = a
		d.order = append(d.order, id)
	}
	e.mu.Lock()
	e.data = d
	e.mu.Unlock()
	if st.OAuth != nil {
		e.oauth.SetState(*st.OAuth)
	}
	return true, nil
}
