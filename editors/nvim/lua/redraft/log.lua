-- The plugin's own log: a file under stdpath('log') (stdpath('cache') on Neovim 0.7), rotated at
-- 10 MB. The server's log is separate (its stderr goes to Neovim's LSP log, :lua
-- vim.cmd('edit ' .. vim.lsp.get_log_path())).
local M = {}

local levels = { trace = 0, debug = 1, info = 2, warn = 3, error = 4, off = 5 }
local MAX_BYTES = 10 * 1024 * 1024

local level = levels.warn
local handler -- optional function(level_name, message), for tests

local function dir()
  local ok, d = pcall(vim.fn.stdpath, 'log')
  if not ok or type(d) ~= 'string' or d == '' then
    d = vim.fn.stdpath('cache')
  end
  return d
end

--- Path of the log file.
function M.path()
  return dir() .. '/redraft.log'
end

function M.set_level(name)
  level = levels[name] or levels.warn
end

--- Replaces writing to the file (nil restores it).
function M.set_handler(fn)
  handler = fn
end

local function rotate(path)
  local st = (vim.uv or vim.loop).fs_stat(path)
  if st and st.size > MAX_BYTES then
    (vim.uv or vim.loop).fs_rename(path, path .. '.1')
  end
end

local function write(name, fmt, ...)
  if levels[name] < level then
    return
  end
  local ok, msg = pcall(string.format, fmt, ...)
  if not ok then
    msg = fmt
  end
  if handler then
    handler(name, msg)
    return
  end
  local path = M.path()
  vim.fn.mkdir(dir(), 'p')
  rotate(path)
  local f = io.open(path, 'a')
  if f then
    f:write(string.format('%s [%s] %s\n', os.date('%Y-%m-%d %H:%M:%S'), name:upper(), msg))
    f:close()
  end
end

for name in pairs(levels) do
  if name ~= 'off' then
    M[name] = function(fmt, ...)
      write(name, fmt, ...)
    end
  end
end

return M
