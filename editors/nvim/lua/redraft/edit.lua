-- Applying the server's workspace edits so that each one is exactly one undo step.
local M = {}

-- Buffers a WorkspaceEdit touches.
local function target_buffers(edit)
  local bufs = {}
  for uri in pairs(edit.changes or {}) do
    table.insert(bufs, vim.uri_to_bufnr(uri))
  end
  for _, change in ipairs(edit.documentChanges or {}) do
    if change.textDocument and change.textDocument.uri then
      table.insert(bufs, vim.uri_to_bufnr(change.textDocument.uri))
    end
  end
  return bufs
end

--- Applies a WorkspaceEdit. All text edits to one buffer form a single undo block, separate from
--- whatever changed the buffer just before (an edit arrives asynchronously, maybe right after
--- another change with no undo sync in between; `u` must revert the server's edit and only it).
function M.apply(edit, offset_encoding)
  for _, b in ipairs(target_buffers(edit)) do
    if vim.api.nvim_buf_is_loaded(b) then
      -- Setting 'undolevels' (even to its own value) closes the current undo block.
      vim.api.nvim_buf_call(b, function()
        vim.cmd('let &undolevels = &undolevels')
      end)
    end
  end
  -- Neovim applies each buffer's edits in one pass with no undo sync in between, so they join.
  vim.lsp.util.apply_workspace_edit(edit, offset_encoding or 'utf-16')
end

return M
