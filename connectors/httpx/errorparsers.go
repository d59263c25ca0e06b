package httpx

import (
	"bytes"
	"encoding/json"
	"strings"
)

// ODataErrorParser reads the OData error shape Exact Online sends:
// {"error":{"code":"","message":{"lang":"","value":"..."}}}. OData v4's
// plain-string message is accepted too.
func ODataErrorParser(status int, body []byte) *APIError {
	var v struct {
		Error *struct {
			Code    string          `json:"code"`
			Message json.RawMessage `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || v.Error == nil {
		return nil
	}
	e := &APIError{Code: v.Error.Code}
	var s string
	var lv struct {
		Value string `json:"value"`
	}
	if json.Unmarshal(v.Error.Message, &s) == nil {
		e.Message = s
	} else if json.Unmarshal(v.Error.Message, &lv) == nil {
		e.Message = lv.Value
	}
	if e.Code == "" && e.Message == "" {
		return nil
	}
	return e
}

// VismaErrorParser reads Visma eAccounting's shape: {ErrorCode,
// DeveloperErrorMessage, ErrorId, Errors:[{Field, ErrorCode, Message}]}.
func VismaErrorParser(status int, body []byte) *APIError {
	var v struct {
		ErrorCode             json.Number `json:"ErrorCode"`
		DeveloperErrorMessage *string     `json:"DeveloperErrorMessage"`
		Errors                []struct {
			Field     *string `json:"Field"`
			ErrorCode *string `json:"ErrorCode"`
			Message   *string `json:"Message"`
		} `json:"Errors"`
	}
	if json.Unmarshal(body, &v) != nil || (v.ErrorCode == "" && v.DeveloperErrorMessage == nil && len(v.Errors) == 0) {
		return nil
	}
	e := &APIError{Code: string(v.ErrorCode), Message: deref(v.DeveloperErrorMessage)}
	for _, fe := range v.Errors {
		e.Details = append(e.Details, FieldError{Field: deref(fe.Field), Code: deref(fe.ErrorCode), Message: deref(fe.Message)})
	}
	fillFromDetails(e)
	return e
}

// HubSpotErrorParser reads HubSpot's shape: {status, message, category,
// subCategory, errors:[{message, code, context:{propertyName:[...]}}]}.
// HubSpot's CRM validation errors put the per-property details, JSON
// encoded, inside message ("Property values were not valid: [{...}]");
// those are unpacked too.
func HubSpotErrorParser(status int, body []byte) *APIError {
	var v struct {
		Message     string `json:"message"`
		Category    string `json:"category"`
		SubCategory string `json:"subCategory"`
		ErrorType   string `json:"errorType"`
		Errors      []struct {
			Message string              `json:"message"`
			Code    string              `json:"code"`
			Name    string              `json:"name"`
			Context map[string][]string `json:"context"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &v) != nil || (v.Message == "" && v.Category == "" && len(v.Errors) == 0) {
		return nil
	}
	e := &APIError{Code: firstNonEmpty(v.Category, v.ErrorType), Message: v.Message}
	for _, fe := range v.Errors {
		field := fe.Name
		if ps := fe.Context["propertyName"]; len(ps) > 0 && field == "" {
			field = ps[0]
		}
		e.Details = append(e.Details, FieldError{Field: field, Code: fe.Code, Message: fe.Message})
	}
	if len(e.Details) == 0 {
		if i := strings.IndexByte(v.Message, '['); i >= 0 {
			var inner []struct {
				Name    string `json:"name"`
				Error   string `json:"error"`
				Message string `json:"message"`
			}
			if json.Unmarshal([]byte(v.Message[i:]), &inner) == nil {
				for _, in := range inner {
					e.Details = append(e.Details, FieldError{Field: in.Name, Code: in.Error, Message: in.Message})
				}
			}
		}
	}
	fillFromDetails(e)
	return e
}

// AccountViewErrorParser reads {"ErrorType","ErrorNumbers","ErrorMessage"}.
func AccountViewErrorParser(status int, body []byte) *APIError {
	var v struct {
		ErrorType    string          `json:"ErrorType"`
		ErrorNumbers json.RawMessage `json:"ErrorNumbers"`
		ErrorMessage string          `json:"ErrorMessage"`
	}
	if json.Unmarshal(body, &v) != nil || (v.ErrorType == "" && v.ErrorMessage == "") {
		return nil
	}
	code := v.ErrorType
	if n := bytes.TrimSpace(v.ErrorNumbers); len(n) > 0 && !bytes.Equal(n, []byte("null")) {
		code += " " + string(n)
	}
	return &APIError{Code: code, Message: v.ErrorMessage}
}

// DefaultErrorParser tries every known shape, for systems whose error
// body is undocumented (Asperion). It never returns nil: a body in no known
// shape becomes the message, cut short.
func DefaultErrorParser(status int, body []byte) *APIError {
	// encoding/json matches keys case-insensitively, so the shapes are
	// told apart by their distinctive keys before any parser runs.
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) == nil {
		var p ErrorParser
		switch {
		case keys["error"] != nil:
			p = ODataErrorParser
		case keys["ErrorType"] != nil || keys["ErrorMessage"] != nil:
			p = AccountViewErrorParser
		case keys["DeveloperErrorMessage"] != nil || keys["ErrorCode"] != nil:
			p = VismaErrorParser
		case keys["category"] != nil || keys["correlationId"] != nil || keys["message"] != nil:
			p = HubSpotErrorParser
		}
		if p != nil {
			if e := p(status, body); e != nil {
				return e
			}
		}
	}
	return &APIError{Message: truncate(strings.TrimSpace(string(body)), 200)}
}

// fillFromDetails makes the first per-field problem the headline when the
// provider gave no message of its own, and names its field.
func fillFromDetails(e *APIError) {
	for _, d := range e.Details {
		if d.Field != "" && e.Field == "" {
			e.Field = d.Field
		}
	}
	if e.Message == "" && len(e.Details) > 0 {
		e.Message = e.Details[0].Message
	}
	if e.Code == "" && len(e.Details) > 0 {
		e.Code = e.Details[0].Code
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
