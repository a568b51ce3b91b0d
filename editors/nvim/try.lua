-- try.lua: drives headless Neovim for editors/try.sh. Neovim was started
-- with editors/nvim/init.lua on the file to try; this script waits for
-- gopls, prints the diagnostics of the file, then the code actions offered
-- at the first one, applies its first quick fix as a user choosing it would
-- (through vim.lsp.buf.code_action), and prints the diagnostics again. The
-- file on disk is never written.
--
-- Environment: LEAKVET_TRY_OUT, the file the report is written to.
--
-- Every wait is a bounded number of polls (vim.wait between them); when
-- one runs out, the report says what was missing and Neovim exits with
-- status 1.

local out = assert(os.getenv('LEAKVET_TRY_OUT'), 'LEAKVET_TRY_OUT is not set')
local lines = {}
local function say(fmt, ...)
  table.insert(lines, string.format(fmt, ...))
end

local POLL_MS = 100
local MAX_POLLS = 1200 -- per wait: 2 minutes, for a cold gopls cache on a busy machine

-- poll calls cond until it returns a true value, at most MAX_POLLS times.
local function poll(what, cond)
  for _ = 1, MAX_POLLS do
    local v = cond()
    if v then
      return v
    end
    vim.wait(POLL_MS)
  end
  error(string.format('gave up after %d polls: %s', MAX_POLLS, what), 0)
end

local function clients(bufnr)
  if vim.lsp.get_clients then -- Neovim 0.10 and later
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function rel(path)
  return vim.fn.fnamemodify(path, ':.')
end

-- Byte column (1-based) of a UTF-16 LSP position in path, as go vet counts.
local function bytecol(path, pos)
  local ok, text = pcall(vim.fn.readfile, path, '', pos.line + 1)
  if ok and text[pos.line + 1] then
    local okb, b = pcall(vim.str_byteindex, text[pos.line + 1], pos.character, true)
    if okb then
      return b + 1
    end
  end
  return pos.character + 1
end

local function sorted_diagnostics(bufnr)
  local ds = vim.diagnostic.get(bufnr)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    if (a.source or '') ~= (b.source or '') then return (a.source or '') < (b.source or '') end
    return a.message < b.message
  end)
  return ds
end

local function print_diagnostics(bufnr, file)
  local ds = sorted_diagnostics(bufnr)
  for _, d in ipairs(ds) do
    say('%s:%d:%d: %s: %s', rel(file), d.lnum + 1, d.col + 1, d.source or '?', d.message)
    local lsp = d.user_data and d.user_data.lsp or {}
    for _, r in ipairs(lsp.relatedInformation or {}) do
      local path = vim.uri_to_fname(r.location.uri)
      local pos = r.location.range.start
      say('\t%s:%d:%d: %s', rel(path), pos.line + 1, bytecol(path, pos), r.message)
    end
  end
  return ds
end

-- gopls.diagnose_files makes gopls finish diagnosing the file (analysis
-- included) before it answers, so that no diagnostic is an answer rather
-- than a timeout. An editor does not need it: gopls pushes diagnostics as
-- they are ready.
local function diagnose(client, bufnr)
  local done, err = false, nil
  client.request('workspace/executeCommand', {
    command = 'gopls.diagnose_files',
    arguments = { { Files = { vim.uri_from_bufnr(bufnr) } } },
  }, function(e)
    err = e
    done = true
  end, bufnr)
  poll('gopls to answer gopls.diagnose_files', function() return done end)
  if err then
    error('gopls.diagnose_files: ' .. (err.message or vim.inspect(err)), 0)
  end
  -- Let the notifications sent before the answer be handled.
  vim.wait(POLL_MS)
end

local function main()
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  if vim.bo[bufnr].filetype ~= 'go' then
    error(file .. ' is not a Go buffer (filetype ' .. vim.inspect(vim.bo[bufnr].filetype) .. ')', 0)
  end

  -- Count the diagnostics gopls pushes for this file.
  local pushes = 0
  local uri = vim.uri_from_bufnr(bufnr)
  local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result and result.uri == uri then
      pushes = pushes + 1
    end
    return publish(err, result, ctx, config)
  end

  -- Collect the errors and warnings gopls shows the user.
  local messages = {}
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
    if result and result.type and result.type <= 2 then
      table.insert(messages, (result.type == 1 and 'error: ' or 'warning: ') .. result.message)
    end
    return show(err, result, ctx, config)
  end
  local function print_messages()
    if #messages > 0 then
      say('# messages from gopls')
      for _, m in ipairs(messages) do
        say('%s', (m:gsub('\n', ' ')))
      end
      messages = {}
    end
  end

  local client = poll('gopls to start and initialize', function()
    for _, c in ipairs(clients(bufnr)) do
      if c.name == 'gopls' and c.initialized then
        return c
      end
    end
  end)
  poll('gopls to push diagnostics for ' .. rel(file), function() return pushes > 0 end)
  diagnose(client, bufnr)

  local version = vim.version()
  local server = vim.fn.system({ client.config.cmd[1], 'version' }):gsub('%s+$', '')
  say('# Neovim %d.%d.%d, %s', version.major, version.minor, version.patch, server)
  say('# diagnostics')
  local ds = print_diagnostics(bufnr, file)
  if #ds == 0 then
    say('(none)')
    print_messages()
    return
  end
  print_messages()

  -- The float a user opens on the first diagnostic (init.lua's format
  -- adds the related positions).
  local first = ds[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local fbuf, fwin = vim.diagnostic.open_float(bufnr, { scope = 'cursor' })
  say('# float at %s:%d:%d', rel(file), first.lnum + 1, first.col + 1)
  if fbuf then
    for _, l in ipairs(vim.api.nvim_buf_get_lines(fbuf, 0, -1, false)) do
      say('%s', l)
    end
    vim.api.nvim_win_close(fwin, true)
  else
    say('(no float)')
  end

  -- The code actions at the first diagnostic, through the same call a
  -- user makes (vim.lsp.buf.code_action), with vim.ui.select standing in
  -- for the menu: it lists the actions and picks the first quick fix.
  local offered, picked = nil, nil
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = items
    for _, item in ipairs(items) do
      local action = item[2] or item.action -- {client_id, action} in 0.7, {ctx, action} later
      if type(action) == 'table' and action.kind == 'quickfix' then
        picked = action
        return on_choice(item)
      end
    end
    picked = false
    return on_choice(nil)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  poll('code actions at ' .. rel(file) .. ':' .. (first.lnum + 1), function() return offered ~= nil end)
  vim.ui.select = select

  say('# code actions at %s:%d:%d', rel(file), first.lnum + 1, first.col + 1)
  for _, item in ipairs(offered) do
    local action = item[2] or item.action
    say('%s: %s', action.kind or 'command', action.title)
  end
  if not picked then
    say('(no quick fix)')
    return
  end

  poll('the quick fix to edit the buffer', function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
  end)
  say('# after the quick fix %q (buffer only; the file is not written)', picked.title)
  local before = vim.fn.readfile(file)
  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i = 1, math.max(#before, #after) do
    if before[i] ~= after[i] then
      say('%s:%d: %s', rel(file), i, after[i] or '(deleted)')
    end
  end
  diagnose(client, bufnr)
  say('# diagnostics after the fix')
  if #print_diagnostics(bufnr, file) == 0 then
    say('(none)')
  end
  print_messages()
end

-- stop shuts gopls down and waits for it to exit, so that no server
-- outlives the editor.
local function stop()
  for _, c in ipairs(vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()) do
    c.stop()
    poll('gopls to exit', function() return c.is_stopped() end)
  end
end

local ok, err = pcall(main)
if not ok then
  say('try.lua: %s', tostring(err))
end
local stopped, serr = pcall(stop)
if not stopped then
  say('try.lua: %s', tostring(serr))
  ok = false
end
vim.fn.writefile(lines, out)
if ok then
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
