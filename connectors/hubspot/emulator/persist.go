package emulator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// stateVersion is bumped when the state file layout changes.
const stateVersion = 1

// saveInterval is the least time between two background saves.
const saveInterval = 200 * time.Millisecond

// stateBody is the on-disk form of the emulator (after the kit's
// "version" member): the portal with its objects, custom properties,
// pipelines, associations, webhook settings and sequences, and the OAuth
// store, so that a restarted emulator accepts the refresh token a
// connector kept.
type stateBody struct {
	Portal       portalInfo            `json:"portal"`
	Seq          int64                 `json:"seq"`
	EventSeq     int64                 `json:"eventSeq"`
	SubSeq       int64                 `json:"subSeq"`
	Objects      map[string][]*object  `json:"objects"`
	Properties   map[string][]*propDef `json:"properties"`
	Pipelines    []*pipeline           `json:"pipelines"`
	Associations []stateLink           `json:"associations"`
	Webhooks     []*appHooks           `json:"webhooks"`
	OAuth        *emukit.OAuthState    `json:"oauth"`
}

// stateLink is one directed association: "contacts/1001" → "companies/101".
type stateLink struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Types []int  `json:"types"`
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
	p := e.p
	st := stateBody{Portal: p.info, Seq: p.seq, EventSeq: p.eventSeq, SubSeq: p.subSeq, Pipelines: p.pipelines,
		Objects: map[string][]*object{}, Properties: map[string][]*propDef{}}
	for _, t := range objectTypes {
		tb := p.tables[t.Name]
		for _, id := range tb.ids {
			st.Objects[t.Name] = append(st.Objects[t.Name], tb.rows[id])
		}
		if c := p.props[t.Name].custom(); len(c) > 0 {
			st.Properties[t.Name] = c
		}
	}
	for from, tos := range p.assoc.links {
		for to := range tos {
			st.Associations = append(st.Associations, stateLink{From: nodeText(from), To: nodeText(to), Types: p.assoc.types(from, to)})
		}
	}
	sort.Slice(st.Associations, func(i, j int) bool {
		a, b := st.Associations[i], st.Associations[j]
		return a.From < b.From || (a.From == b.From && a.To < b.To)
	})
	for _, h := range p.hooks {
		st.Webhooks = append(st.Webhooks, h)
	}
	sort.Slice(st.Webhooks, func(i, j int) bool { return st.Webhooks[i].AppID < st.Webhooks[j].AppID })
	oauth := e.oauth.State()
	st.OAuth = &oauth
	data, err := e.state.Marshal(st)
	e.mu.Unlock()
	if err != nil {
		return err
	}
	return e.state.Write(data)
}

func nodeText(n node) string { return n.Type + "/" + strconv.FormatInt(n.ID, 10) }

func parseNode(s string) (node, error) {
	typ, id, _ := strings.Cut(s, "/")
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || lookupType(typ) == nil {
		return node{}, fmt.Errorf("state: %q is not an object reference", s)
	}
	return node{lookupType(typ).Name, n}, nil
}

// loadState reads the state file; false when there is none yet.
func (e *Emulator) loadState() (bool, error) {
	var st stateBody
	if ok, err := e.state.Load(&st); !ok || err != nil {
		return false, err
	}
	p, err := newPortal(st.Portal)
	if err != nil {
		return false, fmt.Errorf("state: %w", err)
	}
	p.seq, p.eventSeq, p.subSeq = st.Seq, st.EventSeq, st.SubSeq
	if len(st.Pipelines) > 0 {
		p.setPipelines(st.Pipelines)
	}
	for name, defs := range st.Properties {
		if lookupType(name) == nil {
			return false, fmt.Errorf("state: unknown object type %q", name)
		}
		for _, d := range defs {
			p.props[name].add(d)
		}
	}
	for name, objs := range st.Objects {
		if lookupType(name) == nil {
			return false, fmt.Errorf("state: unknown object type %q", name)
		}
		for _, o := range objs {
			p.tables[name].insert(o)
		}
	}
	for _, l := range st.Associations {
		from, err := parseNode(l.From)
		if err != nil {
			return false, err
		}
		to, err := parseNode(l.To)
		if err != nil {
			return false, err
		}
		for _, id := range l.Types {
			p.assoc.add(from, to, id)
		}
	}
	for _, h := range st.Webhooks {
		p.hooks[h.AppID] = h
	}
	p.rebuildIndexes()
	e.p = p
	if st.OAuth != nil {
		e.oauth.SetState(*st.OAuth)
	}
	return true, nil
}
