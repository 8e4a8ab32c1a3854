package engine

// Cache is an approximate context cache for denoising loops (Fast-dLLM style). It is built by
// one full pass over a window and keeps, for every layer, the keys and values of the positions
// outside the active span [start, end). A step recomputes only the active positions: they start
// from their token embeddings, and at every layer attend to the cached context keys/values plus
// their own fresh ones.
//
// The approximation: in this bidirectional model the context's hidden states depend on the
// active tokens too, so once the span changes the cached context is slightly stale. When the
// active tokens are those the cache was built with, or the span is the whole window, a step is
// exact. Build the cache with the span masked, as a denoising loop starts: on realistic refine
// windows a step that re-noises the span is then about 0.005 nats (mean KL) from exact. A cache
// built over the original text is about 0.2 nats off, because the context's keys and values
// carry the original tokens into every step (see MeasureCache and TestCacheApproximation).
//
// A Cache is safe for concurrent use; steps run one at a time on the model.
type Cache struct {
	m          *Model
	n          int // window length
	start, end int // active span [start, end)
	// left and right are the keys (after RoPE) and values of the context before and after the
	// span, (layer, head) → block at [layer*heads+head], packed for attention's products.
	left, right []kv
}

// NewCache runs the full window once and keeps the keys and values of every position outside
// [activeStart, activeEnd). It panics on invalid ids (see Forward) or a span outside the window.
func (m *Model) NewCache(ids []int, activeStart, activeEnd int) *Cache {
	m.checkWindow(ids, nil, len(ids))
	if activeStart < 0 || activeStart > activeEnd || activeEnd > len(ids) {
		panic("engine: active span outside the window")
	}
	blocks := m.cfg.NLayers * m.cfg.NHeads
	c := &Cache{m: m, n: len(ids), start: activeStart, end: activeEnd,
		left: make([]kv, blocks), right: make([]kv, blocks)}
	if len(ids) == 0 || m.cfg.NLayers == 0 {
		for l := range m.cfg.NLayers {
			c.store(l, nil, 0)
		}
		return c
	}
	pos := make([]int, len(ids))
	for i := range pos {
		pos[i] = i
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.forward(&pass{ids: ids, pos: pos, groups: []group{{0, len(ids)}}, build: c})
	return c
}

// Span returns the active span [start, end) within the window.
func (c *Cache) Span() (start, end int) { return c.start, c.end }

// Len returns the length of the window.
func (c *Cache) Len() int { return c.n }

// Step recomputes the active span with the token ids active (len = end−start) against the
// cached context and returns the logits at the active offsets outPos (0-based within the span).
func (c *Cache) Step(active []int, outPos []int) [][]float32 {
	return c.StepBatch([][]int{active}, [][]int{outPos})[0]
}

// StepBatch is Step for several variants of the active span at once (for example masked
// variants for a pseudo-log-likelihood): result[b][i] holds the logits at outPos[b][i] of
// variant actives[b].
func (c *Cache) StepBatch(actives [][]int, outPos [][]int) [][][]float32 {
	if len(actives) != len(outPos) {
		panic("engine: actives and outPos differ in length")
	}
	wins := make([]window, len(actives))
	for b, a := range actives {
		if len(a) != c.end-c.start {
			panic("engine: active ids do not fit the cache's span")
		}
		c.m.checkWindow(a, outPos[b], len(a))
		wins[b] = window{ids: a, pos0: c.start, outPos: outPos[b]}
	}
	return c.m.runWindows(wins, c)
}

// store keeps the context's keys and values of layer l, every head, from qkv (window, 3*dim;
// rows ld apart), the rows of the pass that builds the cache.
func (c *Cache) store(l int, qkv []float32, ld int) {
	H := c.m.cfg.NHeads
	parallelFor(H, func(_, h int) {
		c.left[l*H+h].pack(qkv, ld, 0, c.start, h, c.m.cfg)
		c.right[l*H+h].pack(qkv, ld, c.end, c.n-c.end, h, c.m.cfg)
	})
}

// context returns head h's cached keys and values of layer l before and after the active span.
func (c *Cache) context(l, h int) (left, right *kv) {
	i := l*c.m.cfg.NHeads + h
	return &c.left[i], &c.right[i]
}
