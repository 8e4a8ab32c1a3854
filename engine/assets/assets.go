// Package assets holds the model built into the redraft binary: the float16 safetensors weights
// and the byte-level BPE tokenizer of the shipped denoiser (see README.md for provenance and
// held-out metrics).
//
// The files are embedded as strings so that they stay in the binary's read-only data: nothing can
// modify them, and loading the built-in model copies nothing but the float32 weights it makes.
package assets

import _ "embed"

// Model is the built-in model, a safetensors file with int8 weights and float16 scales
// ("quant": "int8-g64", model/MODEL.md), dequantized at load.
//
//go:embed model.safetensors
var Model string

// Tokenizer is the built-in model's tokenizer.json.
//
//go:embed tokenizer.json
var Tokenizer string
