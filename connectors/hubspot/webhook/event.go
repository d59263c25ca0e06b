package webhook

import (
	"encoding/json"
	"fmt"
)

// Event is one notification in a webhook delivery; a delivery's body is a
// JSON array of up to 100 of them. The subscription-specific members are
// empty when they do not apply: ObjectID for object events, PropertyName
// and PropertyValue for propertyChange, the association members for
// associationChange.
type Event struct {
	EventID          int64  `json:"eventId"`
	SubscriptionID   int64  `json:"subscriptionId"`
	PortalID         int64  `json:"portalId"`
	AppID            int64  `json:"appId"`
	OccurredAt       int64  `json:"occurredAt"` // Unix milliseconds
	SubscriptionType string `json:"subscriptionType"`
	AttemptNumber    int    `json:"attemptNumber"`
	ObjectID         int64  `json:"objectId,omitempty"`
	ChangeFlag       string `json:"changeFlag,omitempty"`
	ChangeSource     string `json:"changeSource,omitempty"`
	PropertyName     string `json:"propertyName,omitempty"`
	PropertyValue    string `json:"propertyValue,omitempty"`

	AssociationType      string `json:"associationType,omitempty"`
	FromObjectID         int64  `json:"fromObjectId,omitempty"`
	ToObjectID           int64  `json:"toObjectId,omitempty"`
	AssociationRemoved   *bool  `json:"associationRemoved,omitempty"`
	IsPrimaryAssociation *bool  `json:"isPrimaryAssociation,omitempty"`
}

// ParseEvents decodes a delivery body.
func ParseEvents(body []byte) ([]Event, error) {
	var events []Event
	if err := json.Unmarshal(body, &events); err != nil {
		return nil, fmt.Errorf("webhook: delivery body is not an array of events: %w", err)
	}
	return events, nil
}
