-- Minimal Neovim configuration: gopls built with leakvet's checks
-- (editors/build-gopls.sh) as the language server of Go files.
--
--   nvim -u editors/nvim/init.lua file.go
--
-- or copy it into ~/.config/nvim/init.lua. The server is $LEAKVET_GOPLS,
-- else `gopls` on PATH. Tried with Neovim 0.7.2 (Debian 12's package),
-- through editors/try.sh; the branches for Neovim 0.8 to 0.10
-- (vim.lsp.start) and 0.11 and later (vim.lsp.config, vim.lsp.enable)
-- follow those versions' documentation and were not run.

local gopls = os.getenv('LEAKVET_GOPLS')
if gopls == nil or gopls == '' then
  gopls = 'gopls'
end

-- leakvet's diagnostics carry related positions (where the channel is made,
-- where the goroutine starts, the path that strands it). Neovim keeps them
-- in user_data.lsp.relatedInformation and does not show them: this format
-- adds them, one per line, to the diagnostic's float (:lua
-- vim.diagnostic.open_float()).
local function related(d)
  local lsp = d.user_data and d.user_data.lsp or d
  local lines = { d.message }
  for _, r in ipairs(lsp.relatedInformation or {}) do
    local path = vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ':.')
    local pos = r.location.range.start
    table.insert(lines, string.format('  %s:%d:%d: %s', path, pos.line + 1, pos.character + 1, r.message))
  end
  return table.concat(lines, '\n')
end

vim.diagnostic.config({
  float = { source = 'always', format = related },
  virtual_text = { source = 'always' },
})

-- gopls's settings. leakvet's checks are on by default; turn one off by
-- name, as gopls's own analyzers: options = { analyses = { noexit = false } }.
-- $LEAKVET_GOPLS_OPTIONS, a JSON object, replaces this table (editors/try.sh
-- uses it in its tests).
local options = {}
local json = os.getenv('LEAKVET_GOPLS_OPTIONS')
if json ~= nil and json ~= '' then
  options = vim.fn.json_decode(json)
end

if vim.lsp.config and vim.lsp.enable then
  -- Neovim 0.11 and later (not tried here).
  vim.lsp.config('gopls', {
    cmd = { gopls },
    filetypes = { 'go', 'gomod', 'gowork' },
    root_markers = { 'go.work', 'go.mod', '.git' },
    settings = { gopls = options },
  })
  vim.lsp.enable('gopls')
  return
end

-- Neovim 0.7 to 0.10: start (or reuse) a client per module root when a Go
-- buffer opens.
local clients = {} -- root directory -> client id (Neovim 0.7)

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'go', 'gomod' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local dir = vim.fn.fnamemodify(file, ':p:h')
    local mod = vim.fn.findfile('go.mod', dir .. ';')
    local root = mod ~= '' and vim.fn.fnamemodify(mod, ':p:h') or dir
    local config = { name = 'gopls', cmd = { gopls }, root_dir = root }
    -- Neovim before 0.11 does not answer gopls's workspace/configuration
    -- requests unasked: settings go in the initialize request.
    if next(options) ~= nil then
      config.init_options = options
    end
    if vim.lsp.start then
      -- Neovim 0.8 to 0.10 (not tried here): reuses a client with the
      -- same name and root.
      vim.lsp.start(config)
      return
    end
    -- Neovim 0.7 (tried).
    if clients[root] == nil then
      clients[root] = vim.lsp.start_client(config)
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
  end,
})
