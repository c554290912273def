import { Navigate, createBrowserRouter } from 'react-router-dom';
import { ExpertsPage } from '../admin/ExpertsPage';
import { TrustedRootsPage } from '../admin/TrustedRootsPage';
import { UsersPage } from '../admin/UsersPage';
import { MyTendersPage } from '../agency/MyTendersPage';
import { TenderFormPage } from '../agency/TenderFormPage';
import { TenderManagePage } from '../agency/TenderManagePage';
import { LoginPage } from '../auth/LoginPage';
import { SignUpPage } from '../auth/SignUpPage';
import { AwardManagePage } from '../awards/AwardManagePage';
import { ResultsPage } from '../awards/ResultsPage';
import { MyRegistrationsPage } from '../bidder/MyRegistrationsPage';
import { NotificationsPage } from '../bidder/NotificationsPage';
import { BidPage } from '../bids/BidPage';
import { CertificatesPage } from '../certs/CertificatesPage';
import { EvaluationRoomPage } from '../evaluation/EvaluationRoomPage';
import { MyEvaluationsPage } from '../evaluation/MyEvaluationsPage';
import { OpeningHallPage } from '../opening/OpeningHallPage';
import { VerifyRecordPage } from '../records/VerifyRecordPage';
import { TenderDetailPage } from '../tenders/TenderDetailPage';
import { TenderListPage } from '../tenders/TenderListPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { RequireRole } from './RequireRole';

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
