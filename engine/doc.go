// Package engine runs Redraft's denoiser on the CPU: the byte-level BPE tokenizer, the
// safetensors weights, the exact forward pass of the bidirectional transformer, and an
// approximate context cache for denoising loops.
//
// The model (model/MODEL.md) is a masked-diffusion language model: a bidirectional transformer
// with no causal mask, so every position attends to every position of the window and a change
// anywhere changes every hidden state. Activations are row-major with
// shape (seq, dim): row i of a [L, 512] buffer is position i. Weights are stored as in the file,
// a linear weight W is [out, in] and computes y = W·x, so a layer over all positions is
// Y[L, out] = X[L, in]·Wᵀ, one Sgemm through engine/kernels.
//
// Forward and ForwardBatch are exact. A Cache trades exactness for speed: it keeps the keys and
// values of the positions outside a span from one full pass and then recomputes only the span
// (Fast-dLLM style). Because the model is bidirectional, the context's keys and values would
// change a little whenever the span changes; the cache ignores that. Its distance from the exact
// pass is measured by Model.MeasureCache, in TestCacheApproximation and by `redraft bench`
// (cache_kl): a mean KL at the masked positions of about 0.005 nats when the cache is built with
// the span masked, 0.2 nats when it is built over the span's original text, which then leaks
// into every step through the context.
//
// Every matmul goes through engine/kernels: the weight matrices are kernels.Packed at load (kept
// in float16 where the kernels take it, outside the Go heap), the activations that matmuls
// read sit at a padded row stride (kernels.Stride) so the kernels read them in place, and
// attention packs each head's keys and values once (a Cache keeps its context packed).
// Attention is split into (window, head) tasks; every parallel loop runs on kernels.Parallel's
// long-lived workers. Model and Cache are safe for concurrent use, but forward passes run one
// at a time.
//
// Files: tokenizer.go (BPE), safetensors.go (reader), int8.go (int8 weights with per-group
// scales, dequantized at load), model.go (Config, weights, Load),
// state.go (scratch buffers), forward.go (the pass and its kernels: rmsnorm, rope, attention,
// swiglu), cache.go (Cache), cacheprobe.go (measuring the cache).
package engine
