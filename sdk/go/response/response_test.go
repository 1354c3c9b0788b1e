//go:build !wasip1

package response_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
	"github.com/stratos-run/stratos/sdk/go/response"
)

func TestHeaders(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{})
	response.SetHeader("X-Planet", "mars")
	response.ContentType("application/json")
	if fake.RespHeaders["X-Planet"] != "mars" || fake.RespHeaders["Content-Type"] != "application/json" {
		t.Fatalf("headers %v", fake.RespHeaders)
	}
}
