-- :checkhealth redraft — the binary, its version, the model, the server and the log paths.
local M = {}

-- The reporting API moved: vim.health.start/ok/... (0.10+), vim.health.report_* (0.8–0.9),
-- require('health').report_* (0.7).
local function reporter()
  local h = vim.health
  if not h then
    local ok, legacy = pcall(require, 'health')
    h = ok and legacy or {}
  end
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

function M.check()
  local r = reporter()
  local config = require('redraft.config').options
  local redraft = require('redraft')

  r.start('redraft: Neovim')
  if vim.fn.has('nvim-0.7') == 1 then
    local v = vim.version()
    r.ok(string.format('Neovim %d.%d.%d; server started with %s', v.major, v.minor, v.patch,
      vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client + vim.lsp.buf_attach_client'))
  else
    r.error('Neovim 0.7 or newer is required')
  end

  r.start('redraft: server binary')
  local exe = config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    r.error(string.format('%q is not executable or not on PATH', exe), {
      'Build it (go build -o ~/.local/bin/redraft ./cmd/redraft in the redraft repository) or set cmd in setup()',
    })
  else
    r.ok(string.format('cmd: %s (%s)', table.concat(config.cmd, ' '), vim.fn.exepath(exe)))
    local out = vim.fn.system({ exe, 'version' })
    if vim.v.shell_error == 0 then
      r.ok('version: ' .. vim.trim(out))
    else
      r.warn('`' .. exe .. ' version` failed: ' .. vim.trim(out))
    end
  end

  r.start('redraft: model')
  local model = config.settings.modelPath
  local source = 'settings.modelPath'
  if not model or model == '' then
    model = os.getenv('REDRAFT_MODEL')
    source = '$REDRAFT_MODEL'
  end
  if model and model ~= '' then
    if vim.fn.filereadable(vim.fn.expand(model)) == 1 then
      r.ok(string.format('%s: %s', source, model))
    else
      r.error(string.format('%s: %s is not a readable file', source, model))
    end
  else
    r.ok('the model built into the binary')
  end

  r.start('redraft: language server')
  r.info('filetypes: ' .. table.concat(config.filetypes, ', '))
  local c = redraft.get_client()
  if c then
    local bufs = vim.lsp.get_buffers_by_client_id(c.id)
    r.ok(string.format('running (client %d), attached to %d buffer(s)', c.id, #bufs))
  else
    r.info('not running (it starts when a buffer of a listed filetype opens)')
  end

  r.start('redraft: logs')
  r.info('plugin log: ' .. require('redraft.log').path() .. ' (level ' .. config.log_level .. ')')
  r.info('LSP log (server stderr): ' .. vim.lsp.get_log_path())
end

return M
