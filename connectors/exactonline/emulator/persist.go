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

// stateBody is the on-disk form of the emulator (after the kit's
// "version" member): divisions with their tables, sequences and
// row-version counters, and the OAuth store, so that a restarted emulator
// accepts the refresh token a connector kept.
type stateBody struct {
	Divisions []stateDivision    `json:"divisions"`
	OAuth     *emukit.OAuthState `json:"oauth"`
}

type stateDivision struct {
	Code        int                  `json:"code"`
	Description string               `json:"description"`
	TS          int64                `json:"ts"`
	Seq         map[string]int64     `json:"seq"`
	Tables      map[string][]*record `json:"tables"`
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
	var st stateBody
	for _, code := range e.divOrder {
		d := e.divs[code]
		sd := stateDivision{Code: d.Code, Description: d.Description, TS: d.ts, Seq: d.seq, Tables: map[string][]*record{}}
		for name, t := range d.tables {
			if len(t.rows) > 0 {
				sd.Tables[name] = t.all()
			}
		}
		st.Divisions = append(st.Divisions, sd)
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
	divs := map[int]*division{}
	var order []int
	for _, sd := range st.Divisions {
		d := newDivision(sd.Code, sd.Description)
		d.ts = sd.TS
		if sd.Seq != nil {
			d.seq = sd.Seq
		}
		for name, recs := range sd.Tables {
			// Replaying in row-version order rebuilds the version log.
			sort.Slice(recs, func(i, j int) bool { return recs[i].TS < recs[j].TS })
			t := d.table(name)
			key := tableKey(name)
			for _, r := range recs {
				t.put(str(r.F[key]), r.F, r.TS)
			}
		}
		rebuildIndexes(e, d)
		divs[d.Code] = d
		order = append(order, d.Code)
	}
	e.divs, e.divOrder = divs, order
	if st.OAuth != nil {
		e.oauth.SetState(*st.OAuth)
	}
	return true, nil
}
