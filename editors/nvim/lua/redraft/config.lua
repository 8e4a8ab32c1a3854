-- Options of the Redraft plugin, with their defaults. `require('redraft').setup(opts)` merges the
-- user's opts over these (vim.tbl_deep_extend "force"); any key may be left out.
local M = {}

---@class RedraftOptions
local defaults = {
  -- Command that starts the language server, talking LSP over stdio.
  cmd = { 'redraft', 'serve' },
  -- Filetypes whose buffers get the server (attached on FileType). Add e.g. 'tex', 'rst'. The server
  -- checks as you write (diagnostics) in markdown, text and gitcommit buffers only.
  filetypes = { 'markdown', 'text', 'gitcommit' },
  -- Server settings (section `redraft`), sent as initializationOptions and with
  -- workspace/didChangeConfiguration; also the answer to workspace/configuration.
  -- Only keys you set here are sent; the server's defaults are shown commented.
  settings = {
    -- strength = 0.35,        -- share of the selection re-noised and rewritten, 0..1
    -- alternatives = 1,       -- candidates for :RedraftRefine; >1 lets you pick one
    -- contextTokens = 192,    -- tokens of context the model sees on each side
    -- markers = { '[...]', '[…]', '___' }, -- gap markers (___ = 3 or more underscores)
    -- modelPath = '',         -- a .safetensors model instead of the built-in one
    -- threads = 0,            -- CPU threads for the model; 0 = all cores
    -- seed = 0,               -- sampling seed; same text + settings + seed = same result
    -- logLevel = 'info',      -- server log level: debug, info, warn, error
    -- diagnostics = true,     -- check as you write: vim.diagnostic entries with quick fixes
    -- dialect = 'en-US',      -- which spellings count as right: en-US, en-GB, en-CA, en-AU
  },
  -- Alternatives that `:RedraftRefine!` (with a bang) asks for when settings.alternatives is unset or 1.
  bang_alternatives = 3,
  -- Root directory of the server (one server per Neovim instance); nil = the current directory.
  root_dir = nil,
  -- Show the server's $/progress in the command line (Neovim 0.7 has no progress UI of its own);
  -- false: don't; a function(text): call it instead (text is '' when all work has ended).
  progress = true,
  -- Level of the plugin's own log file (see :checkhealth redraft for its path): 'trace', 'debug',
  -- 'info', 'warn', 'error' or 'off'.
  log_level = 'warn',
}

---@type RedraftOptions
M.options = vim.deepcopy(defaults)

--- Merges opts over the defaults and validates the result. Errors name the bad option.
function M.setup(opts)
  opts = opts or {}
  vim.validate({ opts = { opts, 'table' } })
  local o = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts)
  -- Lists replace, not merge, the defaults.
  if opts.cmd then
    o.cmd = opts.cmd
  end
  if opts.filetypes then
    o.filetypes = opts.filetypes
  end
  if opts.settings and opts.settings.markers then
    o.settings.markers = opts.settings.markers
  end
  vim.validate({
    cmd = { o.cmd, 'table' },
    filetypes = { o.filetypes, 'table' },
    settings = { o.settings, 'table' },
    bang_alternatives = { o.bang_alternatives, 'number' },
    progress = { o.progress, { 'boolean', 'function' } },
    log_level = { o.log_level, 'string' },
  })
  if #o.cmd == 0 then
    error('redraft: opts.cmd must name the server command, e.g. { "redraft", "serve" }')
  end
  M.options = o
  return o
end

function M.defaults()
  return vim.deepcopy(defaults)
end

return M
