package dsl

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Connection is a connection block of a folder's settings.hcl: connector
// settings (account, base URL, credentials, rate limit) that the source and
// target blocks of the folder's flows take with use = "name", so that they
// are written once per integration instead of once per flow.
type Connection struct {
	Name      string
	NameRange hcl.Range
	Body      hcl.Body
	DeclRange hcl.Range
}

func decodeConnectionBlock(b *hcl.Block) *Connection {
	return &Connection{Name: b.Labels[0], NameRange: b.LabelRanges[0], Body: b.Body, DeclRange: b.DefRange}
}

// ConfigParts returns the bodies ep.Config is made of: the connection's
// and the endpoint's own when it uses a connection, else ep.Config alone.
// Checks that need the syntax of each attribute (secrets written as
// literals) walk these rather than the merged body.
func (ep *Endpoint) ConfigParts() []hcl.Body {
	if ep.Connection == nil {
		return []hcl.Body{ep.Config}
	}
	return []hcl.Body{ep.Connection.Body, ep.ownConfig}
}

// useConnection merges the settings of the connection the endpoint names
// with use = "..." into its connector config. An attribute set in both is
// an error pointing at both: a flow that needs another value for one
// setting of a connection is better served by a connection of its own
// than by a silent override.
func useConnection(ep *Endpoint, s *Settings) hcl.Diagnostics {
	if ep == nil || ep.Use == "" {
		return nil
	}
	var names []string
	var conn *Connection
	if s != nil {
		for _, c := range s.Connections {
			names = append(names, c.Name)
			if c.Name == ep.Use {
				conn = c
			}
		}
	}
	if conn == nil {
		sort.Strings(names)
		detail := `use names a connection "` + ep.Use + `" { ... } block of the folder's settings.hcl, and there is none of that name.`
		if len(names) == 0 {
			detail = `use names a connection "name" { ... } block of the folder's settings.hcl, and the folder has none.`
		}
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown connection",
			Detail: detail + DidYouMean(ep.Use, names), Subject: ep.UseRange.Ptr()}}
	}
	var diags hcl.Diagnostics
	shared := syntaxBody(conn.Body)
	own := syntaxBody(ep.ownConfig)
	if shared != nil && own != nil {
		for _, name := range sortedAttrs(own) {
			a := own.Attributes[name]
			prev, both := shared.Attributes[name]
			if !both || isEndpointAttr(name) {
				continue
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Setting also in the connection",
				Detail: name + ` is also set in connection "` + conn.Name + `" at ` + prev.NameRange.String() +
					`. A setting comes from the connection or from the block, not both: remove one, or give this flow a connection of its own.`,
				Subject: a.NameRange.Ptr()})
		}
	}
	if diags.HasErrors() {
		return diags
	}
	ep.Connection = conn
	ep.Config = hcl.MergeBodies([]hcl.Body{conn.Body, ep.ownConfig})
	return nil
}

func isEndpointAttr(name string) bool {
	for _, a := range endpointSchema.Attributes {
		if a.Name == name {
			return true
		}
	}
	return false
}

// keepConnection gives an endpoint decoded again by Resolve the connection
// its first decoding merged in.
func keepConnection(ep, before *Endpoint) {
	if ep == nil || before == nil || before.Connection == nil {
		return
	}
	ep.Connection = before.Connection
	ep.Config = hcl.MergeBodies([]hcl.Body{before.Connection.Body, ep.ownConfig})
}

// connectionOnlyConnector reports the engine's own endpoint settings
// (schema, key_field, ...) in a connection block: they differ per flow and
// say what is read or written, not how to reach the system.
func connectionOnlyConnector(b *hcl.Block) hcl.Diagnostics {
	body := syntaxBody(b.Body)
	if body == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, name := range sortedAttrs(body) {
		if a := body.Attributes[name]; isEndpointAttr(name) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Flow setting in a connection",
				Detail:  name + ` says what a flow reads or writes; it belongs in the source or target block, a connection holds the connector's settings.`,
				Subject: a.NameRange.Ptr()})
		}
	}
	return diags
}

// sortedAttrs returns the names of a body's attributes in source order, so
// that diagnostics come out in a stable order.
func sortedAttrs(b *hclsyntax.Body) []string {
	names := make([]string, 0, len(b.Attributes))
	for name := range b.Attributes {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		return b.Attributes[names[i]].SrcRange.Start.Byte < b.Attributes[names[j]].SrcRange.Start.Byte
	})
	return names
}

// decodeConnections reads only the connection blocks of a settings file.
func (l *Loader) decodeConnections(filename string, src []byte) (*Settings, hcl.Diagnostics) {
	s := &Settings{Filename: filename}
	f, diags := l.parser.ParseHCL(src, filename)
	if f == nil || diags.HasErrors() {
		return s, diags
	}
	body := syntaxBody(f.Body)
	if body == nil {
		return s, diags
	}
	seen := blockNames{}
	for _, sb := range body.Blocks {
		b := sb.AsHCLBlock()
		if b.Type != "connection" || len(b.Labels) != 1 || !seen.first(b, &diags) {
			continue
		}
		diags = append(diags, connectionOnlyConnector(b)...)
		s.Connections = append(s.Connections, decodeConnectionBlock(b))
	}
	return s, diags
}
