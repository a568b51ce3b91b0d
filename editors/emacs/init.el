;;; init.el --- Emacs with eglot and gopls built with leakvet  -*- lexical-binding: t -*-

;; Minimal configuration: Go files open in go-mode, and eglot starts gopls
;; built with leakvet's checks (editors/build-gopls.sh) for them.
;;
;;   emacs -q -l editors/emacs/init.el file.go
;;
;; or copy it into ~/.emacs.d/init.el. The server is $LEAKVET_GOPLS, else
;; `gopls' on PATH. Tried with Emacs 28.2, elpa-eglot 1.9 and elpa-go-mode
;; 1.6.0 (Debian 12's packages), in batch mode, through
;; editors/try-emacs.sh. With Emacs 29 and later, eglot is built in.
;;
;; Diagnostics appear through Flymake (M-x flymake-show-buffer-diagnostics)
;; as "source: message", e.g. "stranded: the goroutine ...". eglot 1.9 does
;; not show the related positions (it tells the server it does not support
;; them; gopls sends them anyway and eglot keeps them in the diagnostic's
;; data). The quick fix: M-x eglot-code-actions on the diagnostic, then
;; pick it; or C-u M-x eglot-code-actions RET quickfix RET, which applies
;; the only quick fix at once. (eglot 1.9's eglot-code-action-quickfix
;; only computes the actions: it forgets to pass INTERACTIVE.)

(require 'go-mode)
(require 'eglot)
(require 'project)

(defvar leakvet-gopls
  (let ((g (getenv "LEAKVET_GOPLS")))
    (if (and g (not (string= g ""))) g "gopls"))
  "The gopls eglot starts for Go files.")

;; The module is the project: gopls's workspace is the directory of the
;; nearest go.mod.
(defun leakvet-go-module-project (dir)
  (let ((root (locate-dominating-file dir "go.mod")))
    (and root (cons 'transient root))))
(add-hook 'project-find-functions #'leakvet-go-module-project)

(add-to-list 'eglot-server-programs `(go-mode . (,leakvet-gopls)))

;; gopls's settings. leakvet's checks are on by default; turn one off by
;; name, as gopls's own analyzers:
;;   (setq-default eglot-workspace-configuration
;;                 '(:gopls (:analyses (:noexit :json-false))))
(add-hook 'go-mode-hook #'eglot-ensure)

;;; init.el ends here
