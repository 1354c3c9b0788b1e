//go:build !wasip1

package http_test

import (
	"errors"
	"strings"
	"testing"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/http"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestHeadersAreRenderedSortedIntoTheURL(t *testing.T) {
	got := http.RenderURL("http://x/y?z=1", map[string]string{"X-B": "2", "Accept": "text/plain", "X-A": "1"})
	want := "http://x/y?z=1::Accept:text/plain::X-A:1::X-B:2"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if http.RenderURL("http://x", nil) != "http://x" {
		t.Fatal("no headers, no suffix")
	}
}

// echo answers every request with "<method> <url> <body>".
func echo(method int32, url string, body []byte) ([]byte, error) {
	return []byte(strings.Join([]string{string(rune('0' + method)), url, string(body)}, " ")), nil
}

func TestEveryMethodSendsItsWireValue(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Fetch: echo})
	h := map[string]string{"A": "b"}
	calls := map[string]func() ([]byte, error){
		"0 u::A:b ":  func() ([]byte, error) { return http.GET("u", h) },
		"1 u::A:b ":  func() ([]byte, error) { return http.HEAD("u", h) },
		"2 u::A:b ":  func() ([]byte, error) { return http.OPTIONS("u", h) },
		"3 u::A:b p": func() ([]byte, error) { return http.POST("u", []byte("p"), h) },
		"4 u::A:b p": func() ([]byte, error) { return http.PUT("u", []byte("p"), h) },
		"5 u::A:b p": func() ([]byte, error) { return http.PATCH("u", []byte("p"), h) },
		"6 u::A:b ":  func() ([]byte, error) { return http.DELETE("u", h) },
	}
	for want, call := range calls {
		if got, err := call(); err != nil || string(got) != want {
			t.Errorf("got %q, %v; want %q", got, err, want)
		}
	}
}

func TestAStatusAbove299IsAStatusError(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Fetch: func(int32, string, []byte) ([]byte, error) {
		return nil, errors.New("404: no such page")
	}})
	_, err := http.GET("u", nil)
	var status *http.StatusError
	if !errors.As(err, &status) || status.StatusCode != 404 || status.Body != "no such page" {
		t.Fatalf("got %#v", err)
	}
	var hostErr *stratos.HostError
	if err.Error() != "404: no such page" || !errors.As(err, &hostErr) {
		t.Fatalf("the host's text and HostError must be kept: %v", err)
	}
}

func TestOtherHostErrorsKeepTheirText(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Fetch: func(int32, string, []byte) ([]byte, error) {
		return nil, errors.New("requests to this domain are disallowed")
	}})
	_, err := http.GET("u", nil)
	var status *http.StatusError
	if errors.As(err, &status) || err.Error() != "requests to this domain are disallowed" {
		t.Fatalf("got %v", err)
	}
}

func TestMalformedRequests(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{Fetch: func(int32, string, []byte) ([]byte, error) {
		return nil, hosttest.ErrMalformed
	}})
	if _, err := http.GET("u", nil); err == nil || err.Error() != http.Malformed {
		t.Fatalf("-2 must be reported as %q, got %v", http.Malformed, err)
	}
	calls := len(fake.Calls)
	_, err := http.GET("u", map[string]string{"X-Url": "http://x"})
	if err == nil || !strings.HasPrefix(err.Error(), http.Malformed+`: header "X-Url"`) {
		t.Fatalf("got %v", err)
	}
	if len(fake.Calls) != calls {
		t.Fatal("a header the ABI cannot carry must not reach the host")
	}
	if _, err := http.Do(http.Method(9), "u", nil, nil); err == nil {
		t.Fatal("an unknown method must fail")
	}
}
