package emulator

import (
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// stateVersion is bumped when the state file layout changes.
const stateVersion = 1

// saveInterval is the least time between two background saves.
const saveInterval = 200 * time.Millisecond

// stateBody is the on-disk form of the emulator (after the kit's "version"
// member): the companies with their tables and number sequences, and the
// OAuth store, so that a restarted emulator accepts the refresh token a
// connector kept.
type stateBody struct {
	Companies []stateCompany     `json:"companies"`
	OAuth     *emukit.OAuthState `json:"oauth"`
}

type stateCompany struct {
	ID          string            `json:"id"`
	Code        string            `json:"code"`
	Description string            `json:"description"`
	Journals    []journal         `json:"journals"`
	Seq         map[string]int64  `json:"seq"`
	Tables      map[string][]*row `json:"tables"`
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
	for _, id := range e.order {
		c := e.companies[id]
		sc := stateCompany{ID: c.ID, Code: c.Code, Description: c.Description, Journals: c.Journals,
			Seq: c.seq, Tables: map[string][]*row{}}
		for name, t := range c.tables {
			if len(t.rows) > 0 {
				sc.Tables[name] = t.rows
			}
		}
		st.Companies = append(st.Companies, sc)
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
	companies := map[string]*company{}
	var order []string
	for _, sc := range st.Companies {
		id := strings.ToLower(sc.ID)
		c := newCompany(id, sc.Code, sc.Description, sc.Journals)
		if sc.Seq != nil {
			c.seq = sc.Seq
		}
		for name, rows := range sc.Tables {
			t := c.tables[name]
			if t == nil {
				continue // a table this version no longer serves
			}
			for _, r := range rows {
				if r.F == nil {
					r.F = map[string]any{}
				}
				t.insert(r)
			}
		}
		companies[id] = c
		order = append(order, id)
	}
	e.companies, e.order = companies, order
	if st.OAuth != nil {
		e.oauth.SetState(*st.OAuth)
	}
	return true, nil
}
