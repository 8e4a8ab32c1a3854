package engine

import (
	"math"

	"github.com/redraft/redraft/engine/kernels"
)

// Forward runs the exact bidirectional pass over one window and returns the raw logits (no
// specials suppressed) at the positions outPos: result[i] has VocabSize logits for position
// outPos[i]. The output head is computed at those positions only.
//
// It panics if an id is outside [0, VocabSize), the window is longer than MaxLen, or a position
// is outside the window.
func (m *Model) Forward(ids []int, outPos []int) [][]float32 {
	return m.ForwardBatch([][]int{ids}, [][]int{outPos})[0]
}

// ForwardBatch is Forward over several windows (of any lengths) at once, packing them into
// shared matmuls: result[b][i] holds the logits at outPos[b][i] of seqs[b].
func (m *Model) ForwardBatch(seqs [][]int, outPos [][]int) [][][]float32 {
	if len(seqs) != len(outPos) {
		panic("engine: seqs and outPos differ in length")
	}
	wins := make([]window, len(seqs))
	for b, ids := range seqs {
		m.checkWindow(ids, outPos[b], len(ids))
		wins[b] = window{ids: ids, pos0: 0, outPos: outPos[b]}
	}
	return m.runWindows(wins)
}

// checkWindow panics unless ids are valid token ids of a window no longer than MaxLen and every
// output position is in [0, n).
func (m *Model) checkWindow(ids, outPos []int, n int) {
	if len(ids) > m.cfg.MaxLen {
		panic("engine: window longer than MaxLen")
	}
	for _, id := range ids {
		if id < 0 || id >= m.cfg.VocabSize {
			panic("engine: id out of range")
		}
	}
	for _, p := range outPos {
		if p < 0 || p >= n {
			panic("engine: output position out of range")
		}
	}
}

// window is one sequence of rows to run: ids at window positions pos0, pos0+1, ...
type window struct {
	ids    []int
	pos0   int
	outPos []int  // offsets into ids whose logits are wanted
	cache  *Cache // if set, ids are a variant of the cache's active span
}

// runWindows packs windows into passes of at most passRows rows (a longer window gets a pass of
// its own) and runs them.
func (m *Model) runWindows(wins []window) [][][]float32 {
	V, ldV := m.cfg.VocabSize, kernels.Stride(m.cfg.VocabSize)
	nOut := 0
	for _, w := range wins {
		nOut += len(w.outPos)
	}
	// Every result in one block, rows ldV apart, so one matmul writes a whole pass's logits.
	block := make([]float32, nOut*ldV)
	res := make([][][]float32, len(wins))
	o := 0
	for b, w := range wins {
		res[b] = make([][]float32, len(w.outPos))
		for i := range w.outPos {
			res[b][i] = block[o*ldV : o*ldV+V : o*ldV+V]
			o++
		}
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	var p pass
	firstOut := 0
	flush := func() {
		if len(p.groups) > 0 {
			p.logits = block[firstOut*ldV : (firstOut+len(p.out))*ldV]
			m.forward(&p)
			firstOut += len(p.out)
		}
		p = pass{ids: p.ids[:0], pos: p.pos[:0], groups: p.groups[:0], out: p.out[:0]}
	}
	for _, w := range wins {
		if len(p.ids)+len(w.ids) > passRows {
			flush()
		}
		row := len(p.ids)
		p.groups = append(p.groups, group{row: row, n: len(w.ids), cache: w.cache})
		p.ids = append(p.ids, w.ids...)
		for i := range w.ids {
			p.pos = append(p.pos, w.pos0+i)
		}
		for _, q := range w.outPos {
			p.out = append(p.out, row+q)
		}
	}
	flush()
	return res
}

// forward runs the model over the rows of p (model/MODEL.md, "Forward pass"). The steps are those of
// the PyTorch reference (model/denoiser.py), with every tensor (rows, features).
func (m *Model) forward(p *pass) {
	c, s, w := m.cfg, &m.run, &m.w
	dim, ffn, rows := c.DModel, c.DFF, len(p.ids)
	s.reserve(c, rows, len(p.out))
	ldD := s.ldD

	// x = tok_emb[ids]                                             (rows, dim)
	parallelRows(rows, 8*dim, func(lo, hi int) { // a row is dim/16 cache misses in panels
		for r := lo; r < hi; r++ {
			w.tokEmb.Row(p.ids[r], s.x[r*ldD:])
		}
	})
	for l := range w.layers {
		lw := &w.layers[l]
		// n = rmsnorm(x, attn_norm)                                (rows, dim)
		rmsnorm(s.xn, s.x, ldD, lw.attnNorm, rows, dim, c.NormEps)
		// q, k, v = split(n · wqkvᵀ)                               (rows, 3*dim)
		lw.wqkv.MulT(s.qkv, s.ldQ, s.xn, ldD, rows, 1, 0)
		// q, k = rope(q), rope(k), at each row's window position
		m.rope(s.qkv, s.ldQ, p.pos)
		if p.build {
			// Building caches: keep this layer's K/V of each window; after the last layer's
			// there is nothing a cache needs.
			for _, g := range p.groups {
				g.cache.store(l, s.qkv, s.ldQ, g.row)
			}
			if l == len(w.layers)-1 {
				return
			}
		}
		// a = softmax(q·kᵀ/√head_dim) · v, per group and head     (rows, dim)
		m.attention(p, l)
		// x = x + a · woᵀ                                          (rows, dim)
		lw.wo.MulT(s.x, ldD, s.att, ldD, rows, 1, 1)
		// n = rmsnorm(x, mlp_norm)                                 (rows, dim)
		rmsnorm(s.xn, s.x, ldD, lw.mlpNorm, rows, dim, c.NormEps)
		// gate, up = n · w1ᵀ, n · w3ᵀ, as one matmul              (rows, 2*ffn)
		lw.w13.MulT(s.h13, s.ld13, s.xn, ldD, rows, 1, 0)
		// h = silu(gate) ⊙ up                                      (rows, ffn)
		swiglu(s.hid, s.ldF, s.h13, s.ld13, rows, ffn)
		// x = x + h · w2ᵀ                                          (rows, dim)
		lw.w2.MulT(s.x, ldD, s.hid, s.ldF, rows, 1, 1)
	}
	// h = rmsnorm(x, final_norm), at the output rows only          (outs, dim)
	for i, r := range p.out {
		rmsnorm(s.hout[i*ldD:], s.x[r*ldD:], ldD, w.finalNorm, 1, dim, c.NormEps)
	}
	// logits = h · tok_embᵀ (the output head is the embedding)     (outs, vocab)
	w.tokEmb.MulT(p.logits, kernels.Stride(c.VocabSize), s.hout, ldD, len(p.out), 1, 0)
}

// rmsnorm sets each row of out (rows, dim) to the row of x scaled to unit root mean square, times
// the weight: out = x / sqrt(mean(x²) + eps) * weight. Rows of both are ld apart.
func rmsnorm(out, x []float32, ld int, weight []float32, rows, dim int, eps float32) {
	parallelRows(rows, dim/4, func(lo, hi int) { // about dim/4 ns a row
		for r := lo; r < hi; r++ {
			kernels.RMSNorm(out[r*ld:r*ld+dim], x[r*ld:r*ld+dim], weight, eps)
		}
	})
}

// rope rotates q and k of every row of qkv (rows, 3*dim; rows ld apart) by the angles of the
// row's position ("rotate half" layout): for pair j of a head, with x1 = x[j] and
// x2 = x[j+hd/2], x[j] = x1·cos θ − x2·sin θ and x[j+hd/2] = x2·cos θ + x1·sin θ.
func (m *Model) rope(qkv []float32, ld int, pos []int) {
	dim, half := m.cfg.DModel, m.cfg.HeadDim()/2
	parallelRows(len(pos), dim/2, func(lo, hi int) { // about dim/2 ns a row
		for r := lo; r < hi; r++ {
			cos := m.cos[pos[r]*half : (pos[r]+1)*half]
			sin := m.sin[pos[r]*half : (pos[r]+1)*half]
			kernels.RoPE(qkv[r*ld:r*ld+2*dim], cos, sin) // q then k
		}
	})
}

// attention computes every group's attention output into run.att, one (run, head) pair per
// task on all cores (each worker with its own scratch from reserve). A run is a group alone,
// or consecutive groups of as many rows that attend to the same cached context: the variants
// of one cache's active span that a step batches.
func (m *Model) attention(p *pass, l int) {
	H := m.cfg.NHeads
	var runs [][]group
	for i := 0; i < len(p.groups); {
		j := i + 1
		if g := p.groups[i]; !p.build && g.cache != nil {
			for j < len(p.groups) && p.groups[j].cache == g.cache && p.groups[j].n == g.n {
				j++
			}
		}
		runs = append(runs, p.groups[i:j])
		i = j
	}
	parallelForOn(len(m.run.work), len(runs)*H, func(worker, t int) {
		m.attendHead(p, l, runs[t/H], t%H, &m.run.work[worker])
	})
}

// kv is a block of one head's keys and values, packed for the products: k is K (n keys × hd)
// for q·kᵀ, v is Vᵀ (hd × n) for p·v.
type kv struct {
	k, v kernels.Packed
}

// keys is the number of keys in the block.
func (b *kv) keys() int { return b.k.Rows() }

// pack sets the block to n keys and values of head h taken from qkv rows (stride ld) starting
// at row r0.
func (b *kv) pack(qkv []float32, ld, r0, n, h int, c Config) {
	dim, hd := c.DModel, c.HeadDim()
	if n == 0 {
		b.k.SetRows(nil, hd, 0, hd)
		b.v.SetCols(nil, hd, hd, 0)
		return
	}
	b.k.SetRows(qkv[r0*ld+dim+h*hd:], ld, n, hd)
	b.v.SetCols(qkv[r0*ld+2*dim+h*hd:], ld, hd, n)
}

// attendHead computes head h of attention for the rows of a run of groups (consecutive, n rows
// each): att[rows, h] = softmax(q·kᵀ/√hd) · v, where each group's keys and values are its own
// (every row sees every row of its group: no causal mask) plus, in a cache step, the cached
// context of layer l, which every group of the run shares: its products are one product over
// all the run's rows. Per row, the keys are in the order left context, own, right context, and
// the values are summed in that order, as for a group alone. Products run on the calling
// goroutine (attention is already one task per head).
func (m *Model) attendHead(p *pass, l int, run []group, h int, w *attnScratch) {
	n := run[0].n
	if n == 0 {
		return
	}
	s, hd := &m.run, m.cfg.HeadDim()
	var left, right *kv
	nl, nr := 0, 0
	if !p.build && run[0].cache != nil {
		left, right = run[0].cache.context(l, h)
		nl, nr = left.keys(), right.keys()
	}
	nk := nl + n + nr
	rows, ldS := len(run)*n, kernels.Stride(nk)
	w.scores = grow(w.scores, rows*ldS)
	if len(w.own) < len(run) {
		w.own = append(w.own, make([]kv, len(run)-len(w.own))...)
	}

	// scores = q·kᵀ / √hd                                         (rows, nk)
	q := s.qkv[run[0].row*s.ldQ+h*hd:]
	scale := float32(1 / math.Sqrt(float64(hd)))
	if nl > 0 {
		left.k.MulTSerial(w.scores, ldS, q, s.ldQ, rows, scale, 0)
	}
	for k, g := range run {
		w.own[k].pack(s.qkv, s.ldQ, g.row, n, h, m.cfg)
		w.own[k].k.MulTSerial(w.scores[k*n*ldS+nl:], ldS, q[k*n*s.ldQ:], s.ldQ, n, scale, 0)
	}
	if nr > 0 {
		right.k.MulTSerial(w.scores[nl+n:], ldS, q, s.ldQ, rows, scale, 0)
	}
	// p = softmax(scores), row by row
	for i := range rows {
		kernels.Softmax(w.scores[i*ldS : i*ldS+nk])
	}
	// a = p · v                                                    (rows, hd) into att[:, h*hd:]
	out := s.att[run[0].row*s.ldD+h*hd:]
	beta := float32(0)
	if nl > 0 {
		left.v.MulTSerial(out, s.ldD, w.scores, ldS, rows, 1, 0)
		beta = 1
	}
	for k := range run {
		w.own[k].v.MulTSerial(out[k*n*s.ldD:], s.ldD, w.scores[k*n*ldS+nl:], ldS, n, 1, beta)
	}
	if nr > 0 {
		right.v.MulTSerial(out, s.ldD, w.scores[nl+n:], ldS, rows, 1, 1)
	}
}

// swiglu sets hid (rows, ffn; stride ldh) to silu(gate) ⊙ up, where each row of h13 (rows,
// 2*ffn; stride ld13) is the gate then the up projection and silu(z) = z / (1 + e^−z).
func swiglu(hid []float32, ldh int, h13 []float32, ld13, rows, ffn int) {
	parallelRows(rows, ffn/2, func(lo, hi int) { // about ffn/2 ns a row
		for r := lo; r < hi; r++ {
			gate, up := h13[r*ld13:r*ld13+ffn], h13[r*ld13+ffn:r*ld13+2*ffn]
			kernels.SiLUMul(hid[r*ldh:r*ldh+ffn], gate, up)
		}
	})
}
