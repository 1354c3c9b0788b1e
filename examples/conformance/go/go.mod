module github.com/stratos-run/stratos/examples/conformance/go

go 1.24

require github.com/stratos-run/stratos/sdk/go v0.0.0

replace github.com/stratos-run/stratos/sdk/go => ../../../sdk/go
