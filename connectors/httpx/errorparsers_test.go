package httpx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorParsers(t *testing.T) {
	tests := map[string]struct {
		parser ErrorParser
		body   string
		want   *APIError
	}{
		"exact odata": {ODataErrorParser,
			`{"error":{"code":"","message":{"lang":"","value":"Mandatory: Name"}}}`,
			&APIError{Message: "Mandatory: Name"}},
		"odata v4 string message": {ODataErrorParser,
			`{"error":{"code":"E1","message":"bad"}}`,
			&APIError{Code: "E1", Message: "bad"}},
		"visma field errors": {VismaErrorParser,
			`{"ErrorCode":2000,"DeveloperErrorMessage":null,"ErrorId":"0c2c","Errors":[{"Field":"EmailAddress","ErrorCode":"InvalidEmail","Message":"Not an e-mail","Key":null}]}`,
			&APIError{Code: "2000", Message: "Not an e-mail", Field: "EmailAddress", Details: []FieldError{{Field: "EmailAddress", Code: "InvalidEmail", Message: "Not an e-mail"}}}},
		"visma quota": {VismaErrorParser,
			`{"ErrorCode":4010,"DeveloperErrorMessage":"API calls quota exceeded! maximum admitted 600 per Minute.","ErrorId":"x"}`,
			&APIError{Code: "4010", Message: "API calls quota exceeded! maximum admitted 600 per Minute."}},
		"hubspot errors array": {HubSpotErrorParser,
			`{"status":"error","message":"Invalid input","category":"VALIDATION_ERROR","correlationId":"c","errors":[{"message":"bad email","code":"INVALID_EMAIL","context":{"propertyName":["email"]}}]}`,
			&APIError{Code: "VALIDATION_ERROR", Message: "Invalid input", Field: "email", Details: []FieldError{{Field: "email", Code: "INVALID_EMAIL", Message: "bad email"}}}},
		"hubspot details inside message": {HubSpotErrorParser,
			`{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]","category":"VALIDATION_ERROR"}`,
			&APIError{Code: "VALIDATION_ERROR", Message: `Property values were not valid: [{"isValid":false,"message":"Email is invalid","error":"INVALID_EMAIL","name":"email"}]`, Field: "email",
				Details: []FieldError{{Field: "email", Code: "INVALID_EMAIL", Message: "Email is invalid"}}}},
		"accountview": {AccountViewErrorParser,
			`{"ErrorType":"AccountViewError","ErrorNumbers":[1203],"ErrorMessage":"Debiteur bestaat al"}`,
			&APIError{Code: "AccountViewError [1203]", Message: "Debiteur bestaat al"}},
		"wrong shape gives nil": {ODataErrorParser, `{"message":"x"}`, nil},
		"default picks visma":   {DefaultErrorParser, `{"ErrorCode":1,"Errors":[{"Field":"Name","Message":"required"}]}`, &APIError{Code: "1", Message: "required", Field: "Name", Details: []FieldError{{Field: "Name", Message: "required"}}}},
		"default picks hubspot": {DefaultErrorParser, `{"message":"nope","category":"OBJECT_NOT_FOUND"}`, &APIError{Code: "OBJECT_NOT_FOUND", Message: "nope"}},
		"default plain text":    {DefaultErrorParser, "  upstream exploded  ", &APIError{Message: "upstream exploded"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := tc.parser(400, []byte(tc.body))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("wrong result (-want +got):\n%s", diff)
			}
		})
	}
}
