package emulator

import (
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Visma's documented error codes (developer.vismaonline.com, "Error
// codes"), plus 4010 from the rate-limit page.
const (
	codeValidation      = 2000 // DataModelValidationError
	codeNotFound        = 3000 // ResourceNotFound
	codeNoFiscalYear    = 3001 // FiscalYearDoesNotExist
	codeNoAccount       = 3002 // AccountNotFound
	codeConflict        = 4000 // Conflict: a duplicate
	codeCannotDelete    = 4001 // CanNotBeDeleted
	codeCannotWrite     = 4002 // CanNotBeCreatedOrUpdated
	codeNotAuthorized   = 4005 // NotAuthorized
	codeNoAccessToScope = 4006 // NoAccessToScopes
	codeQuota           = 4010 // API calls quota exceeded
)

// Rule names for the ErrorCode of a field error. Visma does not document
// the strings it puts there; these are ours.
const (
	ruleRequired = "Required"
	ruleType     = "InvalidType"
	ruleLength   = "MaxLength"
	ruleRange    = "Range"
	ruleEnum     = "InvalidValue"
	ruleDecimals = "Decimals"
	ruleNotFound = "NotFound"
	ruleConflict = "Duplicate"
	ruleReadOnly = "ReadOnly"
	ruleUnknown  = "UnknownProperty"
	ruleInvalid  = "Invalid"
)

// fieldError is one item of Errors: the property path ("Rows[1].Quantity"),
// the rule it broke, a message and the property's own name as Key.
type fieldError struct {
	Field     string `json:"Field"`
	ErrorCode string `json:"ErrorCode"`
	Message   string `json:"Message"`
	Key       string `json:"Key"`
}

// apiError is an answer in Visma's CommonExtendedBadRequest shape.
type apiError struct {
	Status  int
	Code    int
	Message string
	Errors  []fieldError
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %d: %s", e.Status, e.Code, e.Message) }

func errf(status, code int, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// invalid is a 400 naming the fields at fault. The top-level code is the
// first error's family: a missing reference is a 3000, a duplicate a 4000,
// anything else a data-model validation error (2000).
func invalid(errs []fieldError) *apiError {
	code := codeValidation
	switch errs[0].ErrorCode {
	case ruleNotFound:
		code = codeNotFound
	case ruleConflict:
		code = codeConflict
	}
	msg := errs[0].Message
	if len(errs) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(errs)-1)
	}
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: msg, Errors: errs}
}

// fieldErr builds one field error; key is the last segment of path.
func fieldErr(path, rule, format string, args ...any) fieldError {
	key := path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			key = path[i+1:]
			break
		}
	}
	return fieldError{Field: path, ErrorCode: rule, Message: fmt.Sprintf(format, args...), Key: key}
}

// notFound is the 404 of an id in the path that names nothing.
func notFound(what, id string) *apiError {
	return errf(http.StatusNotFound, codeNotFound, "%s with id %s was not found", what, id)
}

// writeError writes err as Visma's error body: ErrorCode,
// DeveloperErrorMessage, a fresh ErrorId and, for field errors, Errors.
func writeError(w http.ResponseWriter, err error) {
	e, ok := err.(*apiError)
	if !ok {
		e = errf(http.StatusInternalServerError, 0, "%v", err)
	}
	body := map[string]any{"ErrorCode": e.Code, "DeveloperErrorMessage": e.Message, "ErrorId": emukit.NewUUID()}
	if len(e.Errors) > 0 {
		body["Errors"] = e.Errors
	}
	emukit.WriteJSON(w, e.Status, body)
}
