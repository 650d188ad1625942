-- Drive storymaster's language server from Neovim's own LSP client
-- (tests/sh/7500): the client is the one README's init.lua snippet starts.
-- Opens a chapter with a doubled word, waits for the diagnostics of both
-- chapters (a name variant in the other one, related to this one), asks for
-- the code actions, applies the quick fix with the client's own edit code,
-- then fixes the name in the other chapter; writes what it saw to $OUT.
local BOOK, OUT = os.getenv("BOOK"), os.getenv("OUT")
local log = io.open(OUT, "w")
local function say(s) log:write(s .. "\n"); log:flush() end
local function codes(b)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(b)) do table.insert(t, (d.code or "?") .. "@" .. (d.lnum + 1) .. ":" .. (d.col + 1)) end
  table.sort(t)
  return table.concat(t, " ")
end
local ok, err = pcall(function()
  vim.cmd("edit " .. BOOK .. "/ch1.md")
  local buf1 = vim.api.nvim_get_current_buf()
  local buf2 = vim.uri_to_bufnr(vim.uri_from_fname(BOOK .. "/ch2.md"))
  vim.wait(10000, function() return #vim.diagnostic.get(buf1) > 0 and #vim.diagnostic.get(buf2) > 0 end, 20)
  local client = vim.lsp.get_active_clients()[1]
  say("clients: " .. #vim.lsp.get_active_clients() .. " " .. (client and client.name or "none"))
  say("ch1: " .. codes(buf1))
  say("ch2: " .. codes(buf2))
  for _, x in ipairs(vim.diagnostic.get(buf2)) do
    for _, r in ipairs(x.user_data.lsp.relatedInformation or {}) do
      say("related: " .. x.code .. " -> " .. vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ":t") .. ":" .. (r.location.range.start.line + 1))
    end
  end
  local d
  for _, x in ipairs(vim.diagnostic.get(buf1)) do if x.code == "style.doubled-word" then d = x end end
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf1) },
    range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { d.user_data.lsp } } }
  local res = client.request_sync("textDocument/codeAction", params, 5000, buf1)
  local fix
  for _, a in ipairs(res.result or {}) do
    say("action: " .. a.title)
    if a.isPreferred then fix = a end
  end
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  say("ch1 line 3 after the quick fix: " .. vim.api.nvim_buf_get_lines(buf1, 2, 3, false)[1])
  vim.wait(5000, function() return #vim.diagnostic.get(buf1) == 0 end, 20)
  say("ch1 after the quick fix: [" .. codes(buf1) .. "]")
  vim.cmd("edit " .. BOOK .. "/ch2.md")
  local b2 = vim.api.nvim_get_current_buf()
  local line = vim.api.nvim_buf_get_lines(b2, 2, 3, false)[1]
  vim.api.nvim_buf_set_lines(b2, 2, 3, false, { (line:gsub("Marhta", "Martha")) })
  vim.wait(5000, function() return #vim.diagnostic.get(b2) == 0 end, 20)
  say("ch2 after the edit: [" .. codes(b2) .. "]")
  say("clients after opening ch2: " .. #vim.lsp.get_active_clients())
  client.stop()
  vim.wait(3000, function() return client.is_stopped() end, 20)
  say("stopped: " .. tostring(client.is_stopped()))
end)
if not ok then say("error: " .. tostring(err)) end
log:close()
vim.cmd("qa!")
