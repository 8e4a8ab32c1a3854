-- End-to-end test of the Redraft Neovim plugin against a real `redraft serve`.
--
--   REDRAFT_BIN=/path/to/redraft nvim --headless -u NONE -i NONE \
--     --cmd 'set rtp^=editors/nvim' -c 'luafile editors/nvim/test/e2e.lua'
--
-- Env: REDRAFT_BIN (required), REDRAFT_SEED (default 7), REDRAFT_TIMEOUT_MS (default 180000).
-- For each of :RedraftFill, :RedraftFillAll and :RedraftRefine (on a charwise visual selection
-- that starts after a non-ASCII character, so UTF-16 columns matter) it computes the expected
-- text with the same binary's CLI (`redraft fill FILE`, `redraft refine FILE --range A:B`, same
-- seed), runs the command, waits for the buffer to change, compares, then checks that one `u`
-- restores the text. If the CLI finds no better revision, the buffer must stay unchanged and the
-- server's message must appear. Then checks as you write: a diagnostic, its quick fix and "Add
-- to the dictionary" (REDRAFT_DIAGNOSTICS=0 skips that). Also runs :checkhealth redraft. Exits 1
-- on any failure.
local BIN = os.getenv('REDRAFT_BIN')
local SEED = tonumber(os.getenv('REDRAFT_SEED') or '7')
local STRENGTH = tonumber(os.getenv('REDRAFT_STRENGTH') or '0.5')
local TIMEOUT = tonumber(os.getenv('REDRAFT_TIMEOUT_MS') or '180000')
local t0 = (vim.uv or vim.loop).hrtime()

local function say(fmt, ...)
  io.stdout:write(string.format('[nvim-e2e +%.1fs] ', ((vim.uv or vim.loop).hrtime() - t0) / 1e9) .. string.format(fmt, ...) .. '\n')
end

local failures = 0
local function fail(fmt, ...)
  failures = failures + 1
  io.stdout:write('FAIL ' .. string.format(fmt, ...) .. '\n')
end

local function finish()
  if failures > 0 then
    local path = vim.lsp.get_log_path()
    io.stdout:write('\n==== diagnostics: ' .. path .. ' (last 80 lines)\n')
    local f = io.open(path, 'r')
    if f then
      local lines = {}
      for l in f:lines() do
        table.insert(lines, l)
      end
      f:close()
      for i = math.max(1, #lines - 79), #lines do
        io.stdout:write(lines[i] .. '\n')
      end
    end
    local plog = require('redraft.log').path()
    io.stdout:write('(plugin log: ' .. plog .. ')\n')
    say('%d check(s) failed', failures)
    vim.cmd('cquit 1')
  end
  say('all Neovim end-to-end checks passed')
  vim.cmd('qall!')
end

if not BIN or BIN == '' then
  fail('REDRAFT_BIN is not set')
  finish()
end

-- ---- Fixture files.

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')

local function write(name, text)
  local p = dir .. '/' .. name
  local f = assert(io.open(p, 'w'))
  f:write(text)
  f:close()
  return p
end

local function read(p)
  local f = assert(io.open(p, 'r'))
  local s = f:read('*a')
  f:close()
  return s
end

-- Buffer text as the file would be written ('eol' on).
local function buftext(b)
  return table.concat(vim.api.nvim_buf_get_lines(b or 0, 0, -1, false), '\n') .. '\n'
end

local fill_one = write('fill-one.md', '# Morning\n\nShe opened the window and a cold [...] filled the quiet room.\n\nThen she made some tea.\n')
local fill_all = write(
  'fill-all.md',
  '# Harbour\n\nThe boats came back to the [...] before the storm.\n\nThe fishermen tied their ropes and ___ home to their families.\n'
)
-- Line 3 starts with "🌊 " (4 bytes, 2 UTF-16 units) and has a curly apostrophe (3 bytes, 1 unit).
-- (with mistakes, so that a model that revises at all is likely to revise it)
local REFINE_SENTENCE = 'The keeper’s childrens was playing near the lamp when the rain start to falling.'
local refine_prefix = '# Night\n\n🌊 '
local refine_doc = refine_prefix .. REFINE_SENTENCE .. '\n\nNobody in the village knew his name.\n'
local refine_file = write('refine.md', refine_doc)

-- ---- Expected results from the CLI (same binary, same seed).

-- Runs the CLI; returns its standard output (standard error apart: vim.fn.system would mix it in).
local function cli(args)
  local errfile = vim.fn.tempname()
  local cmd = table.concat(vim.tbl_map(vim.fn.shellescape, args), ' ') .. ' 2>' .. vim.fn.shellescape(errfile)
  local out = vim.fn.system(cmd)
  local code = vim.v.shell_error
  local err = table.concat(vim.fn.readfile(errfile), '\n')
  vim.fn.delete(errfile)
  if code ~= 0 then
    fail('%s exited %d: %s', table.concat(args, ' '), code, err)
    return nil
  end
  return out
end

local function expect_fill(path)
  return cli({ BIN, 'fill', path, '--seed', tostring(SEED) })
end

local function expect_refine(path, a, b, seed)
  return cli({ BIN, 'refine', path, '--range', a .. ':' .. b, '--seed', tostring(seed), '--strength', tostring(STRENGTH) })
end

-- The refine check should exercise an actual edit when the model makes one: try up to three
-- seeds with the CLI and give the server the first that revises (the seed and strength reach the
-- server only through the settings, so a lost setting shows up as a different result).
local REFINE_A = #refine_prefix
local REFINE_B = REFINE_A + #REFINE_SENTENCE
local want_refine
for seed = SEED, SEED + 2 do
  want_refine = expect_refine(refine_file, REFINE_A, REFINE_B, seed)
  SEED = seed
  if want_refine ~= refine_doc then
    break
  end
end
say('seed %d, strength %s', SEED, STRENGTH)

-- ---- Plugin under test.

local messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(messages, msg)
  say('notify: %s', msg)
  return orig_notify(msg, level, opts)
end

-- As in a user's config: buffers get their filetype (the server checks only markdown, text and
-- gitcommit buffers as you write; with -u NONE detection is off).
vim.cmd('filetype on')

local progress_updates = 0
local progress_text = ''
require('redraft').setup({
  cmd = { BIN, 'serve' },
  filetypes = { 'markdown' },
  settings = { seed = SEED, strength = STRENGTH, alternatives = 1 },
  log_level = 'debug',
  progress = function(text)
    progress_updates = progress_updates + 1
    progress_text = text
    if progress_updates % 10 == 1 then
      say('progress: %s', text ~= '' and text or '(ended)')
    end
  end,
})

-- The first line of b that differs from a.
local function first_diff(a, b)
  local la, lb = vim.split(a, '\n'), vim.split(b, '\n')
  for i = 1, #lb do
    if la[i] ~= lb[i] then
      return lb[i]
    end
  end
  return ''
end

-- Runs ex command cmd in the current buffer, waits for its edit, checks it and its undo.
local function check_edit(name, cmd, want)
  local b = vim.api.nvim_get_current_buf()
  local before = buftext(b)
  if want == nil then
    fail('%s: no expected text (CLI failed)', name)
    return
  end
  if want == before then
    fail('%s: the CLI left the text unchanged; nothing to compare', name)
    return
  end
  local n = #messages
  local said -- a server message that means no edit is coming
  vim.cmd(cmd)
  local changed = vim.wait(TIMEOUT, function()
    for i = n + 1, #messages do
      if messages[i]:lower():find('no better') or messages[i]:lower():find('fail') then
        said = messages[i]
        return true
      end
    end
    return buftext(b) ~= before
  end, 50)
  if said and buftext(b) == before then
    fail('%s: the server said %q, but the CLI produced a revision', name, said)
    return
  end
  if not changed then
    fail('%s: buffer unchanged after %d ms', name, TIMEOUT)
    return
  end
  -- Give a (wrong) second edit a moment to show up before comparing.
  vim.wait(200, function()
    return false
  end, 50)
  local got = buftext(b)
  if got ~= want then
    fail('%s: buffer differs from the CLI result\n--- want\n%s--- got\n%s---', name, want, got)
    return
  end
  say('PASS %s: %s', name, vim.inspect(first_diff(before, got)))
  vim.cmd('undo')
  if buftext(b) ~= before then
    fail('%s: one undo did not restore the text\n--- want\n%s--- got\n%s---', name, before, buftext(b))
    return
  end
  say('PASS %s: one undo restores the original', name)
end

-- :RedraftFill with the cursor inside the marker.
vim.cmd('edit ' .. fill_one)
do
  local want = expect_fill(fill_one)
  vim.fn.search('\\[\\.\\.\\.\\]')
  vim.cmd('normal! l')
  check_edit(':RedraftFill', 'RedraftFill', want)
end

-- :RedraftFillAll.
vim.cmd('edit ' .. fill_all)
check_edit(':RedraftFillAll', 'RedraftFillAll', expect_fill(fill_all))

-- :'<,'>RedraftRefine on a charwise selection of the sentence (after the emoji).
vim.cmd('edit ' .. refine_file)
do
  local want = want_refine
  -- Select from "The" to the final "." of line 3, as a user would with v...
  vim.api.nvim_win_set_cursor(0, { 3, #'🌊 ' })
  vim.cmd('normal! vg_\27')
  local r = require('redraft').selection_range(0, 3, 3)
  if r.start.character ~= 3 or r['end'].character ~= 3 + vim.fn.strchars(REFINE_SENTENCE) then
    fail('selection_range: got %s, want characters 3..%d (UTF-16)', vim.inspect(r), 3 + vim.fn.strchars(REFINE_SENTENCE))
  end
  if want == refine_doc then
    say('CLI: refine finds no better revision; expecting no change and a message')
    local n = #messages
    vim.cmd("'<,'>RedraftRefine")
    local seen = vim.wait(TIMEOUT, function()
      for i = n + 1, #messages do
        if messages[i]:lower():find('no better', 1, true) then
          return true
        end
      end
      return false
    end, 50)
    if not seen then
      fail(':RedraftRefine: no "no better revision" message after %d ms', TIMEOUT)
    elseif buftext() ~= refine_doc then
      fail(':RedraftRefine: the buffer changed although the CLI found no better revision')
    else
      say('PASS :RedraftRefine: no better revision, text unchanged, message shown')
    end
  else
    check_edit(":'<,'>RedraftRefine", "'<,'>RedraftRefine", want)
  end
end

-- :RedraftCancel while :RedraftFillAll runs: the request ends cancelled and nothing changes.
do
  local cancel_file = write('cancel.md', read(fill_all))
  vim.cmd('edit ' .. cancel_file)
  local before = buftext()
  local n, p0 = #messages, progress_updates
  vim.cmd('RedraftFillAll')
  vim.wait(TIMEOUT, function()
    return progress_updates > p0 or buftext() ~= before
  end, 10)
  if buftext() ~= before then
    say('SKIP :RedraftCancel: the fill finished before it could be cancelled')
  else
    vim.cmd('RedraftCancel')
    local seen = false
    for i = n + 1, #messages do
      seen = seen or messages[i]:lower():find('cancelled') ~= nil
    end
    -- The server ends its progress when it stops; had it ignored the cancel, the fill would run
    -- to the end and its edit would arrive.
    local ended = vim.wait(TIMEOUT, function()
      return progress_text == ''
    end, 20)
    vim.wait(1000, function()
      return buftext() ~= before
    end, 50)
    if buftext() ~= before then
      fail(':RedraftCancel: the buffer changed after the cancel')
    elseif not seen then
      fail(':RedraftCancel: no "cancelled" message')
    elseif not ended then
      fail(':RedraftCancel: the server did not end its progress')
    else
      say('PASS :RedraftCancel: the request was cancelled and the buffer is unchanged')
    end
  end
end

if progress_updates == 0 then
  fail('no $/progress from the server reached the plugin')
else
  say('PASS progress: %d updates shown', progress_updates)
end

-- :checkhealth redraft
do
  vim.cmd('checkhealth redraft')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local text = table.concat(lines, '\n')
  if not text:find('OK', 1, true) or text:find('ERROR', 1, true) then
    fail(':checkhealth redraft reported an error or no OK:\n%s', text)
  else
    say('PASS :checkhealth redraft')
  end
  for _, l in ipairs(lines) do
    if l:find('OK') or l:find('INFO') then
      say('  %s', vim.trim(l))
    end
  end
end

-- ---- Check as you write: a diagnostic on the misspelled word, its quick fix (exactly the edit
-- the CLI makes for that paragraph), and "Add ... to the dictionary" (the word lands in the user
-- dictionary file and the diagnostic goes away). Skipped with REDRAFT_DIAGNOSTICS=0 (the fake
-- server has no model to check with).
local DIAG_LINE = 'She wrote a long leter to her grandmother about the summer holidays.'

-- Waits for a redraft diagnostic on 0-based row in buffer b; returns it or nil.
local function wait_diagnostic(b, row)
  local found
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(b)) do
      if d.source == 'redraft' and d.lnum == row then
        found = d
        return true
      end
    end
    return false
  end, 100)
  return found
end

-- Runs vim.lsp.buf.code_action() at the cursor and picks the first action whose title matches one
-- of patterns (through vim.ui.select, as a user would; the item shapes of 0.7 and 0.10 differ).
-- Returns the chosen title, or nil and the titles offered.
local function pick_code_action(patterns)
  local orig = vim.ui.select
  local chosen, offered, done = nil, {}, false
  vim.ui.select = function(items, _, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2] or item
      table.insert(offered, action.title)
      local match = false
      for _, p in ipairs(patterns) do
        match = match or action.title:find(p) ~= nil
      end
      if not chosen and match then
        chosen = action.title
        vim.ui.select = orig
        done = true
        return on_choice(item, i)
      end
    end
    vim.ui.select = orig
    done = true
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  vim.wait(30000, function()
    return done
  end, 20)
  vim.ui.select = orig
  return chosen, offered
end

if os.getenv('REDRAFT_DIAGNOSTICS') ~= '0' then
  local diag_doc = '# Letters\n\n' .. DIAG_LINE .. '\n\nThe end.\n'
  local diag_file = write('diagnostics.md', diag_doc)
  local a = #'# Letters\n\n'
  -- (checking as you write refines with at most 64 tokens of context each side: lsp/diagnostics.go)
  local want = cli({ BIN, 'refine', diag_file, '--range', a .. ':' .. (a + #DIAG_LINE), '--seed', tostring(SEED),
    '--strength', tostring(STRENGTH), '--context', '64' })
  if want == diag_doc then
    fail('diagnostics: the CLI finds nothing to fix in %q; the check would be meaningless', DIAG_LINE)
  elseif want then
    vim.cmd('edit ' .. diag_file)
    local b = vim.api.nvim_get_current_buf()
    local d = wait_diagnostic(b, 2)
    if not d then
      fail('diagnostics: no redraft diagnostic on line 3 after %d ms', TIMEOUT)
    else
      say('PASS diagnostics: %q (severity %s) at %d:%d', d.message, d.severity, d.lnum + 1, d.col + 1)
      if d.severity ~= vim.diagnostic.severity.INFO then
        fail('diagnostics: severity %s, want INFO', tostring(d.severity))
      end
      vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
      local title, offered = pick_code_action({ '^Change to “', '^Remove “', '^Insert “' })
      if not title then
        fail('quick fix: no fix among the code actions %s', vim.inspect(offered))
      else
        vim.wait(TIMEOUT, function()
          return buftext(b) ~= diag_doc
        end, 50)
        if buftext(b) ~= want then
          fail('quick fix %q: buffer differs from the CLI result\n--- want\n%s--- got\n%s---', title, want, buftext(b))
        else
          say('PASS quick fix %q: %s', title, vim.inspect(first_diff(diag_doc, buftext(b))))
        end
      end
    end

    -- Add to the dictionary, in a second buffer with the same sentence.
    local dict_file = write('dictionary.md', diag_doc)
    vim.cmd('edit ' .. dict_file)
    local b2 = vim.api.nvim_get_current_buf()
    local d2 = wait_diagnostic(b2, 2)
    if not d2 then
      fail('add to dictionary: no redraft diagnostic on line 3 after %d ms', TIMEOUT)
    else
      vim.api.nvim_win_set_cursor(0, { d2.lnum + 1, d2.col })
      local title, offered = pick_code_action({ '^Add “.*” to the dictionary$' })
      local config_home = os.getenv('XDG_CONFIG_HOME') or (os.getenv('HOME') .. '/.config')
      local dict_path = config_home .. '/redraft/dictionary.txt'
      if not title then
        fail('add to dictionary: not offered among %s', vim.inspect(offered))
      else
        local word = title:match('^Add “(.*)” to the dictionary$')
        local written = vim.wait(TIMEOUT, function()
          local f = io.open(dict_path, 'r')
          local text = f and f:read('*a') or ''
          if f then
            f:close()
          end
          return ('\n' .. text):find('\n' .. vim.pesc(word) .. '\n') ~= nil
        end, 50)
        local cleared = vim.wait(TIMEOUT, function()
          for _, x in ipairs(vim.diagnostic.get(b2)) do
            if x.source == 'redraft' and x.lnum == 2 and x.message == d2.message then
              return false
            end
          end
          return true
        end, 50)
        if not written then
          fail('add to dictionary: %q is not in %s', word, dict_path)
        elseif not cleared then
          fail('add to dictionary: the diagnostic on %q is still shown', word)
        elseif buftext(b2) ~= diag_doc then
          fail('add to dictionary: the buffer changed')
        else
          say('PASS add to dictionary: %q written to %s, its diagnostic is gone', word, dict_path)
        end
      end
    end
  end
end

-- Stop the server cleanly.
local c = require('redraft').get_client()
if c then
  local m = vim.fn.has('nvim-0.11') == 1
  if m then c:stop() else c.stop() end
  vim.wait(5000, function()
    if m then return c:is_stopped() end
    return c.is_stopped()
  end, 50)
end
vim.fn.delete(dir, 'rf')
finish()
