package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// HubSpot error categories the emulator uses.
const (
	catValidation    = "VALIDATION_ERROR"
	catNotFound      = "OBJECT_NOT_FOUND"
	catConflict      = "CONFLICT"
	catExists        = "OBJECT_ALREADY_EXISTS"
	catAuth          = "INVALID_AUTHENTICATION"
	catExpired       = "EXPIRED_AUTHENTICATION"
	catScopes        = "MISSING_SCOPES"
	catRateLimits    = "RATE_LIMITS"
	catMethod        = "METHOD_NOT_ALLOWED"
	catInternalError = "INTERNAL_ERROR"
	catUnavailable   = "SERVICE_UNAVAILABLE"
)

// apiError is a failed call in HubSpot's Error shape:
// {status:"error", message, correlationId, category, subCategory?,
// context?, errors?, links?}. Rate-limit answers add errorType,
// policyName, groupName and requestId.
type apiError struct {
	Status      int
	Category    string
	SubCategory string
	Message     string
	Context     map[string][]string
	Errors      []errorDetail
	Links       map[string]string

	PolicyName, GroupName string // 429 only
}

// errorDetail is one entry of errors[].
type errorDetail struct {
	Message string              `json:"message"`
	Code    string              `json:"code,omitempty"`
	In      string              `json:"in,omitempty"`
	Context map[string][]string `json:"context,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Category, e.Message) }

func errf(status int, category, format string, args ...any) *apiError {
	return &apiError{Status: status, Category: category, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, catValidation, format, args...)
}

func notFound(format string, args ...any) *apiError {
	return errf(http.StatusNotFound, catNotFound, format, args...)
}

// errorBody is the JSON of an apiError, in HubSpot's member order.
type errorBody struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	SubCategory   string              `json:"subCategory,omitempty"`
	Context       map[string][]string `json:"context,omitempty"`
	Errors        []errorDetail       `json:"errors,omitempty"`
	Links         map[string]string   `json:"links,omitempty"`
	ErrorType     string              `json:"errorType,omitempty"`
	PolicyName    string              `json:"policyName,omitempty"`
	GroupName     string              `json:"groupName,omitempty"`
	RequestID     string              `json:"requestId,omitempty"`
}

func (e *apiError) body() errorBody {
	b := errorBody{Status: "error", Message: e.Message, CorrelationID: emukit.NewUUID(), Category: e.Category,
		SubCategory: e.SubCategory, Context: e.Context, Errors: e.Errors, Links: e.Links}
	if e.PolicyName != "" {
		b.ErrorType, b.PolicyName, b.GroupName = "RATE_LIMIT", e.PolicyName, e.GroupName
		b.RequestID = strings.ReplaceAll(emukit.NewUUID(), "-", "")
	}
	return b
}

// writeError answers err in HubSpot's shape; an error that is not an
// apiError is a 500.
func writeError(w http.ResponseWriter, err error) {
	ae, ok := err.(*apiError)
	if !ok {
		ae = errf(http.StatusInternalServerError, catInternalError, "%v", err)
	}
	emukit.WriteJSON(w, ae.Status, ae.body())
}

// propError is one invalid property value of a write.
type propError struct {
	Name, Code, Message string
}

// validationError turns property errors into HubSpot's answer: the
// message carries the details as a JSON array ("Property values were not
// valid: [...]"), as HubSpot's does, and errors[] repeats them in the
// documented Error shape so that either can be read.
func validationError(errs []propError) *apiError {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Name < errs[j].Name })
	type inner struct {
		IsValid               bool   `json:"isValid"`
		Message               string `json:"message"`
		Error                 string `json:"error"`
		Name                  string `json:"name"`
		LocalizedErrorMessage string `json:"localizedErrorMessage"`
	}
	list := make([]inner, len(errs))
	e := &apiError{Status: http.StatusBadRequest, Category: catValidation}
	for i, pe := range errs {
		list[i] = inner{Message: pe.Message, Error: pe.Code, Name: pe.Name, LocalizedErrorMessage: pe.Message}
		e.Errors = append(e.Errors, errorDetail{Message: pe.Message, Code: pe.Code,
			Context: map[string][]string{"propertyName": {pe.Name}}})
	}
	text, _ := json.Marshal(list)
	e.Message = "Property values were not valid: " + string(text)
	return e
}
