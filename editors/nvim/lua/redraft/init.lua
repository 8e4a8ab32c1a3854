-- Redraft for Neovim: a thin client of `redraft serve` (LSP over stdio). The server refines a
-- selection or fills [...] gaps and edits the buffer with workspace/applyEdit, and checks prose as
-- you write (vim.diagnostic entries; their quick fixes come with vim.lsp.buf.code_action()); this
-- plugin starts it for the configured filetypes and adds :RedraftRefine, :RedraftFill and
-- :RedraftFillAll.
--
--   require('redraft').setup({ cmd = { 'redraft', 'serve' }, filetypes = { 'markdown', 'text' } })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and on newer versions
-- (vim.lsp.start when present).
local M = {}

local NAME = 'redraft'
local INIT_TIMEOUT_MS = 60000

local uv = vim.uv or vim.loop

-- Client methods: fields called with a dot up to 0.10, methods (client:request()) from 0.11.
local METHOD_CALLS = vim.fn.has('nvim-0.11') == 1
local function call(client, name, ...)
  if METHOD_CALLS then
    return client[name](client, ...)
  end
  return client[name](...)
end

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

local client_id -- the one server this Neovim instance starts (0.7 path)
local progress = {} -- token -> { title, message, percentage }
local inflight = {} -- request id -> true, executeCommand requests awaiting a reply

local function config()
  return require('redraft.config').options
end

local function log()
  return require('redraft.log')
end

local function notify(msg, level)
  vim.notify('Redraft: ' .. msg, level or vim.log.levels.INFO)
end

-- Encode an empty Lua table as a JSON object, not an array.
local function dict(t)
  if t == nil or next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

-- ---- Positions: LSP wants UTF-16 code units; Neovim gives byte columns.

local function line_text(bufnr, row) -- row: 0-based
  return vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
end

local function utf16_col(line, byte_col)
  if byte_col >= #line then
    byte_col = #line
  end
  if METHOD_CALLS then -- 0.11 changed the signature to (s, encoding, index, strict)
    return vim.str_utfindex(line, 'utf-16', byte_col, false)
  end
  local _, utf16 = vim.str_utfindex(line, byte_col)
  return utf16
end

-- Length in bytes of the UTF-8 character that starts at 0-based byte col of line.
local function char_len(line, col)
  local b = line:byte(col + 1)
  if not b or b < 0x80 then
    return 1
  elseif b >= 0xF0 then
    return 4
  elseif b >= 0xE0 then
    return 3
  end
  return 2
end

--- LSP Position of a (0-based row, 0-based byte col) in bufnr.
function M.position(bufnr, row, col)
  return { line = row, character = utf16_col(line_text(bufnr, row), col) }
end

--- LSP Range for a command range (1-based line1..line2). When the last visual selection was
--- charwise and covers exactly those lines (the usual `:'<,'>RedraftRefine`), the range is the
--- selected characters; otherwise it is the whole lines (without the final newline).
function M.selection_range(bufnr, line1, line2)
  local s = vim.api.nvim_buf_get_mark(bufnr, '<') -- { 1-based row, 0-based byte col }
  local e = vim.api.nvim_buf_get_mark(bufnr, '>')
  if vim.fn.visualmode() == 'v' and s[1] == line1 and e[1] == line2 and s[1] > 0 then
    local last = line_text(bufnr, e[1] - 1)
    local end_col = e[2]
    if vim.o.selection ~= 'exclusive' then
      end_col = end_col >= #last and #last or end_col + char_len(last, end_col)
    end
    return { start = M.position(bufnr, s[1] - 1, s[2]), ['end'] = M.position(bufnr, e[1] - 1, end_col) }
  end
  local last = line_text(bufnr, line2 - 1)
  return { start = { line = line1 - 1, character = 0 }, ['end'] = M.position(bufnr, line2 - 1, #last) }
end

-- ---- Handlers for what the server asks of the client.

-- workspace/applyEdit: apply the whole edit as ONE undo step.
local function on_apply_edit(_, params, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  log().info('applyEdit %s', params and params.label or '')
  local ok, err = pcall(require('redraft.edit').apply, params.edit, encoding)
  if not ok then
    log().error('applyEdit failed: %s', err)
    notify('could not apply the edit: ' .. tostring(err), vim.log.levels.ERROR)
  end
  return { applied = ok, failureReason = (not ok) and tostring(err) or nil }
end

local message_levels = {
  [1] = vim.log.levels.ERROR,
  [2] = vim.log.levels.WARN,
  [3] = vim.log.levels.INFO,
  [4] = vim.log.levels.DEBUG,
}

-- window/showMessage: through vim.notify, so users' notification plugins (and tests) see it.
local function on_show_message(_, params)
  local text = params.message:gsub('^Redraft:%s*', '')
  log().info('server message (%d): %s', params.type, text)
  notify(text, message_levels[params.type] or vim.log.levels.INFO)
end

local function render_progress()
  local show = config().progress
  if not show then
    return
  end
  local parts = {}
  for _, p in pairs(progress) do
    local s = (p.title or 'working'):gsub('^Redraft:%s*', '')
    if p.message and p.message ~= '' then
      s = s .. ': ' .. p.message
    end
    if p.percentage then
      s = s .. string.format(' (%d%%)', p.percentage)
    end
    table.insert(parts, s)
  end
  local text = #parts > 0 and ('Redraft: ' .. table.concat(parts, ', ') .. '  [:RedraftCancel]') or ''
  if type(show) == 'function' then
    show(text)
  else
    vim.api.nvim_echo({ { text } }, false, {})
  end
end

-- $/progress: keep Neovim's own bookkeeping, and show ours in the command line.
local function on_progress(err, result, ctx, cfg)
  local default = vim.lsp.handlers['$/progress']
  if default then
    pcall(default, err, result, ctx, cfg)
  end
  local value = result and result.value
  if type(value) ~= 'table' then
    return
  end
  local token = result.token
  if value.kind == 'begin' then
    progress[token] = { title = value.title, message = value.message, percentage = value.percentage }
  elseif value.kind == 'report' and progress[token] then
    progress[token].message = value.message or progress[token].message
    progress[token].percentage = value.percentage or progress[token].percentage
  elseif value.kind == 'end' then
    progress[token] = nil
  end
  render_progress()
end

-- ---- The client.

local function lsp_config()
  local o = config()
  return {
    name = NAME,
    cmd = o.cmd,
    root_dir = o.root_dir or uv.cwd(),
    init_options = dict(vim.deepcopy(o.settings)),
    settings = { redraft = dict(vim.deepcopy(o.settings)) },
    handlers = {
      ['workspace/applyEdit'] = on_apply_edit,
      ['window/showMessage'] = on_show_message,
      ['$/progress'] = on_progress,
    },
    on_exit = function(code, signal)
      if code ~= 0 then
        log().warn('server exited with code %s, signal %s', code, signal)
        vim.schedule(function()
          notify(string.format('the server exited (code %s); see :checkhealth redraft', code), vim.log.levels.WARN)
        end)
      end
      progress = {}
    end,
  }
end

--- The running redraft client, if any.
function M.get_client()
  for _, c in pairs(get_clients()) do
    if c.name == NAME and not call(c, 'is_stopped') then
      return c
    end
  end
  if client_id then
    local c = vim.lsp.get_client_by_id(client_id)
    if c and not call(c, 'is_stopped') then
      return c
    end
  end
  return nil
end

--- Starts the server if needed and attaches it to bufnr (default: current buffer).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.fn.executable(config().cmd[1]) ~= 1 then
    notify(string.format('cannot run %q: not found or not executable (set cmd in setup())', config().cmd[1]), vim.log.levels.ERROR)
    return nil
  end
  if vim.lsp.start then
    -- Neovim >= 0.8: one client shared by every buffer.
    client_id = vim.lsp.start(lsp_config(), {
      bufnr = bufnr,
      reuse_client = function(c, conf)
        return c.name == conf.name
      end,
    })
    return client_id
  end
  -- Neovim 0.7.
  local c = client_id and vim.lsp.get_client_by_id(client_id)
  if not c or call(c, 'is_stopped') then
    client_id = vim.lsp.start_client(lsp_config())
    log().info('started %s as client %s', table.concat(config().cmd, ' '), tostring(client_id))
  end
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  return client_id
end

-- Calls fn(client) once the server attached to bufnr has initialized.
local function with_client(bufnr, fn)
  local id = M.attach(bufnr)
  if not id then
    return
  end
  local deadline = uv.now() + INIT_TIMEOUT_MS
  local function try()
    local c = vim.lsp.get_client_by_id(id)
    if c and c.initialized and not call(c, 'is_stopped') then
      return fn(c)
    end
    if not c or call(c, 'is_stopped') or uv.now() > deadline then
      notify('the server did not start; see :checkhealth redraft', vim.log.levels.ERROR)
      return
    end
    vim.defer_fn(try, 20)
  end
  try()
end

--- Sends workspace/executeCommand `command` with the one argument object args (CONTRACT).
function M.execute(bufnr, command, args)
  with_client(bufnr, function(client)
    log().info('%s %s', command, vim.inspect(args, { newline = ' ', indent = '' }))
    local params = { command = command, arguments = { args } }
    local ok, id
    ok, id = call(client, 'request', 'workspace/executeCommand', params, function(err)
      if id then
        inflight[id] = nil
      end
      if err then
        if err.code == -32800 then -- RequestCancelled
          notify('cancelled')
          return
        end
        log().error('%s failed: %s', command, err.message)
        notify(command .. ' failed: ' .. tostring(err.message), vim.log.levels.ERROR)
      end
    end, bufnr)
    if ok and id then
      inflight[id] = true
    elseif not ok then
      notify('the server is not running', vim.log.levels.ERROR)
    end
  end)
end

local function buf_uri(bufnr)
  return vim.uri_from_bufnr(bufnr)
end

--- Refine a range: opts.line1/line2 (1-based, from a command range; default: current line),
--- opts.alternatives (>1: the server lets you pick one).
function M.refine(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local cur = vim.api.nvim_win_get_cursor(0)[1]
  local range = opts.range or M.selection_range(bufnr, opts.line1 or cur, opts.line2 or cur)
  local args = { uri = buf_uri(bufnr), range = range }
  local n = opts.alternatives or config().settings.alternatives
  if n and n > 1 then
    args.alternatives = n
  end
  M.execute(bufnr, 'redraft.refine', args)
end

--- Fill the gap at (or nearest to) the cursor.
function M.fill()
  local bufnr = vim.api.nvim_get_current_buf()
  local pos = vim.api.nvim_win_get_cursor(0)
  M.execute(bufnr, 'redraft.fill', { uri = buf_uri(bufnr), position = M.position(bufnr, pos[1] - 1, pos[2]) })
end

--- Fill every gap in the buffer.
function M.fill_all()
  local bufnr = vim.api.nvim_get_current_buf()
  M.execute(bufnr, 'redraft.fillAll', { uri = buf_uri(bufnr) })
end

--- Cancels running work: window/workDoneProgress/cancel for each progress, $/cancelRequest for
--- each command still waiting for its reply. (Neovim drops the RequestCancelled reply without
--- calling the request's handler, so the cancellation is reported here.)
function M.cancel()
  local c = M.get_client()
  if not c or (next(progress) == nil and next(inflight) == nil) then
    notify('nothing to cancel')
    return
  end
  log().info('cancel: progress %s, requests %s', vim.inspect(vim.tbl_keys(progress)), vim.inspect(vim.tbl_keys(inflight)))
  for token in pairs(progress) do
    call(c, 'notify', 'window/workDoneProgress/cancel', { token = token })
  end
  for id in pairs(inflight) do
    call(c, 'cancel_request', id)
    inflight[id] = nil
  end
  notify('cancelled')
end

--- Sends new settings (merged over the current ones) to the running server.
function M.update_settings(settings)
  local o = config()
  o.settings = vim.tbl_deep_extend('force', o.settings, settings or {})
  local c = M.get_client()
  if c then
    c.config.settings = { redraft = dict(vim.deepcopy(o.settings)) }
    call(c, 'notify', 'workspace/didChangeConfiguration', { settings = c.config.settings })
  end
end

function M.restart()
  local c = M.get_client()
  local bufs = c and vim.lsp.get_buffers_by_client_id(c.id) or { vim.api.nvim_get_current_buf() }
  if c then
    call(c, 'stop')
  end
  client_id = nil
  local deadline = uv.now() + 5000
  local function again()
    if c and not call(c, 'is_stopped') and uv.now() < deadline then
      vim.defer_fn(again, 50)
      return
    end
    for _, b in ipairs(bufs) do
      if vim.api.nvim_buf_is_loaded(b) then
        M.attach(b)
      end
    end
  end
  again()
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('RedraftRefine', function(c)
    local n = tonumber(c.args)
    if not n and c.bang then
      local a = config().settings.alternatives
      n = (a and a > 1) and a or config().bang_alternatives
    end
    M.refine({ line1 = c.line1, line2 = c.line2, alternatives = n })
  end, { range = true, bang = true, nargs = '?', desc = 'Redraft: refine the selection (! or N: pick among alternatives)' })
  cmd('RedraftFill', M.fill, { desc = 'Redraft: fill the gap at the cursor' })
  cmd('RedraftFillAll', M.fill_all, { desc = 'Redraft: fill every gap in the buffer' })
  cmd('RedraftCancel', M.cancel, { desc = 'Redraft: cancel running work' })
  cmd('RedraftRestart', M.restart, { desc = 'Redraft: restart the server' })
end

--- Configures the plugin: merges opts over the defaults (see lua/redraft/config.lua), creates
--- the commands and attaches the server to buffers of the configured filetypes.
function M.setup(opts)
  if vim.fn.has('nvim-0.7') ~= 1 then
    error('redraft.nvim needs Neovim 0.7 or newer')
  end
  local o = require('redraft.config').setup(opts)
  log().set_level(o.log_level)
  create_commands()
  local group = vim.api.nvim_create_augroup('redraft', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = o.filetypes,
    callback = function(ev)
      M.attach(ev.buf)
    end,
    desc = 'Redraft: attach the language server',
  })
  -- Buffers already open when setup() runs.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(o.filetypes, vim.bo[b].filetype) then
      M.attach(b)
    end
  end
end

return M
