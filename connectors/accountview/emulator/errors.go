package emulator

import (
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Error types of the error body. AccountViewError is the one [AV-GO]
// documents; the others are our names for failures outside AccountView's
// engine.
const (
	errTypeAV   = "AccountViewError"
	errTypeAuth = "AuthenticationError"
)

// Error numbers. Where an AccountView rule has a Visual FoxPro counterpart
// the FoxPro error number is used (filter expressions); the numbers of the
// write rules are ours, AccountView's own are not documented.
const (
	errNrSyntax       = 10   // VFP "Syntax error."
	errNrUnknownName  = 12   // VFP "Variable is not found."
	errNrTypeMismatch = 107  // VFP "Operator/operand type mismatch."
	errNrMandatory    = 1001 // a mandatory field is empty
	errNrTooLong      = 1002 // a text is longer than the field
	errNrBadValue     = 1003 // a value does not fit the field's type
	errNrReadOnly     = 1004 // the server maintains the field
	errNrUnknownField = 1005 // the table has no such field
	errNrDuplicate    = 1006 // the key or code is already in use
	errNrReference    = 1007 // a referenced record does not exist
	errNrUnbalanced   = 1008 // a journal page does not balance
	errNrNotFound     = 1009 // the record to update does not exist
	errNrUnchangeable = 1010 // the field identifies the record and cannot change
	errNrNotAllowed   = 1011 // the business object does not take this write
)

// apiError is an answer in AccountView's error shape:
//
//	{"ErrorType": "AccountViewError", "ErrorNumbers": null, "ErrorMessage": "..."}
//
// Status 200 is deliberate for rows AccountView's business logic refuses:
// clients must look at ErrorMessage even on success ([AV-PHP]).
type apiError struct {
	Status  int
	Type    string
	Numbers []int
	Message string
}

func (e *apiError) Error() string { return e.Message }

// errorBody is the JSON body, members in [AV-GO]'s order; ErrorNumbers is
// null when there are none.
type errorBody struct {
	ErrorType    string
	ErrorNumbers []int
	ErrorMessage string
}

func (e *apiError) body() errorBody {
	return errorBody{ErrorType: e.Type, ErrorNumbers: e.Numbers, ErrorMessage: e.Message}
}

// badRequest is a malformed request: 400.
func badRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: errTypeAV, Message: fmt.Sprintf(format, args...)}
}

// filterError is a filter AccountView cannot evaluate: 400 with a FoxPro
// error number.
func filterError(nr int, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: errTypeAV, Numbers: []int{nr}, Message: fmt.Sprintf(format, args...)}
}

// rowError is a row refused by a business object's rules: 200 with the
// error body, nothing saved.
func rowError(nr int, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusOK, Type: errTypeAV, Numbers: []int{nr}, Message: fmt.Sprintf(format, args...)}
}

func errStatus(status int, typ, format string, args ...any) *apiError {
	return &apiError{Status: status, Type: typ, Message: fmt.Sprintf(format, args...)}
}

// writeError answers err in AccountView's shape; an error that is not an
// apiError is an emulator fault and answers 500.
func writeError(w http.ResponseWriter, err error) {
	ae, ok := err.(*apiError)
	if !ok {
		ae = errStatus(http.StatusInternalServerError, errTypeAV, "%v", err)
	}
	emukit.WriteJSON(w, ae.Status, ae.body())
}
