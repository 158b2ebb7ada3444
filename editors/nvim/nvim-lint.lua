-- reqhooks for nvim-lint (https://github.com/mfussenegger/nvim-lint): lint on open, save and
-- leaving insert mode, on the unsaved buffer.  Copy into your config (e.g. after/plugin/reqhooks.lua).
--
-- JSON output gives end positions and severities; columns are converted from characters
-- (what reqhooks counts) to the byte columns Neovim wants.
local lint = require("lint")

local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
}

local function bytecol(bufnr, lnum, col)
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum - 1, lnum, false)[1]
  if line == nil then
    return col - 1
  end
  local ok, idx = pcall(vim.str_byteindex, line, "utf-32", col - 1, false) -- Neovim >= 0.11
  if not ok then
    ok, idx = pcall(vim.str_byteindex, line, col - 1) -- older Neovim
  end
  return ok and idx or math.min(col - 1, #line)
end

lint.linters.reqhooks = {
  cmd = "reqhooks",
  stdin = true, -- the buffer as it is, saved or not
  append_fname = false,
  args = {
    "check",
    "--format",
    "json",
    "--exit-zero",
    "--stdin-filename",
    function()
      return vim.api.nvim_buf_get_name(0)
    end,
    "-",
  },
  stream = "stdout",
  ignore_exitcode = true,
  parser = function(output, bufnr, cwd)
    if output == "" then
      return {}
    end
    local ok, report = pcall(vim.json.decode, output)
    if not ok or type(report) ~= "table" then
      return {}
    end
    local name = vim.fs.normalize(vim.api.nvim_buf_get_name(bufnr))
    cwd = cwd or vim.fn.getcwd()
    local diagnostics = {}
    for _, f in ipairs(report.findings or {}) do
      local path = f.path:sub(1, 1) == "/" and f.path or (cwd .. "/" .. f.path)
      -- A pyproject.toml check also reports its lock: keep this buffer's findings only.
      if vim.fs.normalize(vim.fn.fnamemodify(path, ":p")) == name then
        table.insert(diagnostics, {
          lnum = f.line - 1,
          col = bytecol(bufnr, f.line, f.column),
          end_lnum = f.end_line - 1,
          end_col = bytecol(bufnr, f.end_line, f.end_column),
          severity = severities[f.severity] or vim.diagnostic.severity.WARN,
          code = f.code,
          source = "reqhooks",
          message = f.message,
        })
      end
    end
    return diagnostics
  end,
}

-- Only dependency files: reqhooks reads any file it is handed as a requirements file, so it
-- must not run on every TOML or JSON file.
vim.api.nvim_create_autocmd({ "BufReadPost", "BufWritePost", "InsertLeave", "TextChanged" }, {
  group = vim.api.nvim_create_augroup("reqhooks-lint", { clear = true }),
  pattern = {
    "*requirements*.txt", "*constraints*.txt", "*requirements*.in", "requirements/*.txt", "requirements/*.in",
    "pyproject.toml", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock", "pylock*.toml",
  },
  callback = function(args)
    -- Run where the file is, so that reqhooks finds its configuration and the lock beside it.
    lint.try_lint("reqhooks", { cwd = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)) })
  end,
})
