//go:build !wasip1

package file_test

import (
	"testing"

	"github.com/stratos-run/stratos/sdk/go/file"
	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
)

func TestGetStatic(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Static: map[string][]byte{"hello.txt": []byte("hi")}})
	if data, err := file.GetStatic("hello.txt"); err != nil || string(data) != "hi" {
		t.Fatalf("got %q, %v", data, err)
	}
	if _, err := file.GetStatic("nope"); err == nil || err.Error() != "file does not exist" {
		t.Fatalf("got %v", err)
	}
}
