package engine

import (
	"os"
	"testing"
)

// TestParityFiles checks a model file against the reference vectors model/refvec.py made from
// it: the tokenizer cases with the tokenizer.json beside the model, the forward cases, and the
// objective the metadata names. model/smoke.sh runs it on the model it trains, with
// $REDRAFT_PARITY_MODEL and $REDRAFT_PARITY_REFERENCE; without them it is skipped.
func TestParityFiles(t *testing.T) {
	path, refPath := os.Getenv("REDRAFT_PARITY_MODEL"), os.Getenv("REDRAFT_PARITY_REFERENCE")
	if path == "" || refPath == "" {
		t.Skip("set REDRAFT_PARITY_MODEL and REDRAFT_PARITY_REFERENCE (model/smoke.sh does)")
	}
	// The reference is PyTorch's float arithmetic on the dequantized weights: compare float16
	// arithmetic with it (int8 arithmetic, on by default on int8-capable CPUs, has its own
	// agreement test, TestInt8ArithmeticAgrees).
	t.Setenv("REDRAFT_INT8", "off")
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := readReference(refPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := ref.ModelMeta["objective"] == ObjectiveErrorAware; m.Config().ErrorAware != want {
		t.Errorf("Config.ErrorAware = %v; the metadata's objective is %q", m.Config().ErrorAware, ref.ModelMeta["objective"])
	}
	checkTokenizerCases(t, m.Tokenizer(), ref)
	checkForwardCases(t, m, ref)
	t.Logf("%s: %d tokenizer cases and %d forward cases match (quant %q, objective %q)", path,
		len(ref.TokenizerCases), len(ref.ForwardCases), ref.ModelMeta["quant"], ref.ModelMeta["objective"])
}
