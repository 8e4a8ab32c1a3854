// Package arch holds no code: its test checks that Redraft's packages keep the one-way data
// flow engine → refine → lsp → editors, so that model math, text algorithms and protocol code
// stay apart.
package arch
