import { lazy } from 'react';
import { Navigate, createBrowserRouter } from 'react-router-dom';
import { LoginPage } from '../auth/LoginPage';
import { SignUpPage } from '../auth/SignUpPage';
import { ResultsPage } from '../awards/ResultsPage';
import { TenderDetailPage } from '../tenders/TenderDetailPage';
import { TenderListPage } from '../tenders/TenderListPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { RequireRole } from './RequireRole';

// Pages a public visitor does not need load on first use (AppShell's Suspense shows a skeleton meanwhile):
// the certificate, sealing and signing pages bring node-forge, the halls socket.io.
const ExpertsPage = lazy(() => import('../admin/ExpertsPage').then((m) => ({ default: m.ExpertsPage })));
const TrustedRootsPage = lazy(() => import('../admin/TrustedRootsPage').then((m) => ({ default: m.TrustedRootsPage })));
const UsersPage = lazy(() => import('../admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const MyTendersPage = lazy(() => import('../agency/MyTendersPage').then((m) => ({ default: m.MyTendersPage })));
const TenderFormPage = lazy(() => import('../agency/TenderFormPage').then((m) => ({ default: m.TenderFormPage })));
const TenderManagePage = lazy(() => import('../agency/TenderManagePage').then((m) => ({ default: m.TenderManagePage })));
const AwardManagePage = lazy(() => import('../awards/AwardManagePage').then((m) => ({ default: m.AwardManagePage })));
const MyRegistrationsPage = lazy(() => import('../bidder/MyRegistrationsPage').then((m) => ({ default: m.MyRegistrationsPage })));
const OrgMembersPage = lazy(() => import('../bidder/OrgMembersPage').then((m) => ({ default: m.OrgMembersPage })));
const NotificationsPage = lazy(() => import('../bidder/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const BidPage = lazy(() => import('../bids/BidPage').then((m) => ({ default: m.BidPage })));
const CertificatesPage = lazy(() => import('../certs/CertificatesPage').then((m) => ({ default: m.CertificatesPage })));
const EvaluationRoomPage = lazy(() => import('../evaluation/EvaluationRoomPage').then((m) => ({ default: m.EvaluationRoomPage })));
const MyEvaluationsPage = lazy(() => import('../evaluation/MyEvaluationsPage').then((m) => ({ default: m.MyEvaluationsPage })));
const OpeningHallPage = lazy(() => import('../opening/OpeningHallPage').then((m) => ({ default: m.OpeningHallPage })));
const VerifyRecordPage = lazy(() => import('../records/VerifyRecordPage').then((m) => ({ default: m.VerifyRecordPage })));

/** Every page of the client; role pages sit behind RequireRole. */
export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      { path: '/', element: <Navigate to="/tenders" replace /> },
      { path: '/tenders', element: <TenderListPage /> },
      { path: '/tenders/:tenderId', element: <TenderDetailPage /> },
      { path: '/tenders/:tenderId/opening', element: <OpeningHallPage /> },
      { path: '/tenders/:tenderId/evaluation', element: <RequireRole roles={['evaluator', 'agency', 'supervisor']}><EvaluationRoomPage /></RequireRole> },
      { path: '/evaluator/tenders', element: <RequireRole roles={['evaluator', 'supervisor']}><MyEvaluationsPage /></RequireRole> },
      { path: '/tenders/:tenderId/results', element: <ResultsPage /> },
      { path: '/records/verify', element: <VerifyRecordPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignUpPage /> },
      { path: '/agency/tenders', element: <RequireRole roles={['agency']}><MyTendersPage /></RequireRole> },
      { path: '/agency/tenders/new', element: <RequireRole roles={['agency']}><TenderFormPage /></RequireRole> },
      { path: '/agency/tenders/:tenderId', element: <RequireRole roles={['agency']}><TenderManagePage /></RequireRole> },
      { path: '/agency/tenders/:tenderId/award', element: <RequireRole roles={['agency']}><AwardManagePage /></RequireRole> },
      { path: '/agency/tenders/:tenderId/edit', element: <RequireRole roles={['agency']}><TenderFormPage /></RequireRole> },
      { path: '/bidder/registrations', element: <RequireRole roles={['bidder']}><MyRegistrationsPage /></RequireRole> },
      { path: '/bidder/members', element: <RequireRole roles={['bidder']}><OrgMembersPage /></RequireRole> },
      { path: '/bidder/notifications', element: <RequireRole roles={['bidder']}><NotificationsPage /></RequireRole> },
      { path: '/tenders/:tenderId/bid', element: <RequireRole roles={['bidder']}><BidPage /></RequireRole> },
      { path: '/certs', element: <RequireRole roles={['bidder', 'agency', 'evaluator', 'supervisor', 'admin']}><CertificatesPage /></RequireRole> },
      { path: '/admin/trusted-roots', element: <RequireRole roles={['admin']}><TrustedRootsPage /></RequireRole> },
      { path: '/admin/users', element: <RequireRole roles={['admin']}><UsersPage /></RequireRole> },
      { path: '/admin/experts', element: <RequireRole roles={['admin']}><ExpertsPage /></RequireRole> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
