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
	return m.NewCaches([]CacheWindow{{IDs: ids, Start: activeStart, End: activeEnd}})[0]
}

// CacheWindow is a window to build a Cache over, with its active span [Start, End).
type CacheWindow struct {
	IDs        []int
	Start, End int
}

// NewCaches is NewCache for several windows at once: their rows are packed into shared passes
// (of at most passRows rows; a longer window gets a pass of its own), so that short windows
// share the reading of the weights. Each cache equals the one NewCache builds for its window.
func (m *Model) NewCaches(wins []CacheWindow) []*Cache {
	blocks := m.cfg.NLayers * m.cfg.NHeads
	caches := make([]*Cache, len(wins))
	for i, w := range wins {
		m.checkWindow(w.IDs, nil, len(w.IDs))
		if w.Start < 0 || w.Start > w.End || w.End > len(w.IDs) {
			panic("engine: active span outside the window")
		}
		caches[i] = &Cache{m: m, n: len(w.IDs), start: w.Start, end: w.End,
			left: make([]kv, blocks), right: make([]kv, blocks)}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p := pass{build: true}
	flush := func() {
		if len(p.groups) > 0 {
			m.forward(&p)
		}
		p = pass{ids: p.ids[:0], pos: p.pos[:0], groups: p.groups[:0], build: true}
	}
	for i, w := range wins {
		c := caches[i]
		if len(w.IDs) == 0 || m.cfg.NLayers == 0 {
			for l := range m.cfg.NLayers {
				c.store(l, nil, 0, 0)
			}
			continue
		}
		if len(p.ids)+len(w.IDs) > passRows {
			flush()
		}
		p.groups = append(p.groups, group{row: len(p.ids), n: len(w.IDs), cache: c})
		p.ids = append(p.ids, w.IDs...)
		for j := range w.IDs {
			p.pos = append(p.pos, j)
		}
	}
	flush()
	return caches
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
	steps := make([]CacheStep, len(actives))
	for b := range actives {
		steps[b] = CacheStep{Cache: c, Active: actives[b], OutPos: outPos[b]}
	}
	return c.m.StepCaches(steps)
}

// CacheStep is one variant of a cache's active span to recompute: the span's ids and the
// offsets within it whose logits are wanted.
type CacheStep struct {
	Cache  *Cache
	Active []int
	OutPos []int
}

// StepCaches is StepBatch over the caches of several windows at once (every cache built by m):
// the rows of every step share the passes' matmuls, and each step attends to its own cache's
// context. result[b][i] holds the logits at steps[b].OutPos[i]; each equals what the step's
// own StepBatch gives.
func (m *Model) StepCaches(steps []CacheStep) [][][]float32 {
	wins := make([]window, len(steps))
	for b, st := range steps {
		c := st.Cache
		if c.m != m {
			panic("engine: a cache of another model")
		}
		if len(st.Active) != c.end-c.start {
			panic("engine: active ids do not fit the cache's span")
		}
		m.checkWindow(st.Active, st.OutPos, len(st.Active))
		wins[b] = window{ids: st.Active, pos0: c.start, outPos: st.OutPos, cache: c}
	}
	return m.runWindows(wins)
}

// store keeps the context's keys and values of layer l, every head, from qkv (rows ld apart):
// the window's rows of the pass that builds the cache, starting at row r0.
func (c *Cache) store(l int, qkv []float32, ld, r0 int) {
	H := c.m.cfg.NHeads
	parallelFor(H, func(_, h int) {
		c.left[l*H+h].pack(qkv, ld, r0, c.start, h, c.m.cfg)
		c.right[l*H+h].pack(qkv, ld, r0+c.end, c.n-c.end, h, c.m.cfg)
	})
}

// context returns head h's cached keys and values of layer l before and after the active span.
func (c *Cache) context(l, h int) (left, right *kv) {
	i := l*c.m.cfg.NHeads + h
	return &c.left[i], &c.right[i]
}
