// Package editors holds leakvet in editors: a build of gopls with
// leakvet's checks in its analyzer list (build-gopls.sh, patchgopls), the
// Neovim configuration that uses it (nvim/init.lua), and try.sh, which
// opens a file in headless Neovim and prints what the editor gets from the
// server. Its test drives try.sh end to end; see the README's "In editors
// and CI".
package editors
