-- The reqhooks language server in Neovim >= 0.11 (pip install 'reqhooks[lsp]'):
-- diagnostics as you type, quick fixes (vim.lsp.buf.code_action()), rule docs on hover (K).
vim.lsp.config("reqhooks", {
  cmd = { "reqhooks", "lsp" },
  -- The server ignores files that are not dependency files, so broad filetypes are safe.
  filetypes = { "requirements", "toml", "json", "dockerfile", "yaml" },
  root_markers = { "pyproject.toml", "Pipfile", "requirements.txt", ".git" },
  init_options = {
    -- Any of: select, extendSelect, ignore, targetPython, platforms, config, isolated,
    -- workspaceDiagnostics (publish for every dependency file of the workspace at start).
  },
})
vim.lsp.enable("reqhooks")
